using System.CommandLine;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Reporting;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>protocols [--models ...] [--concurrency 1 40] [--formats ...] [--engine ...] [--build aot|jit] [--quick] [--json PATH]</c>:
/// warm end-to-end latency per wire format over loopback, split into phases, like the paper's Figure 3.
/// </summary>
public static class ProtocolsCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--models") { Description = "Paper models (mobilenet_v1, inception_v3, yolo_v5, bert).", DefaultValueFactory = _ => [.. PaperModels.All.Select(m => m.Id())], AllowMultipleArgumentsPerToken = true };
        var concurrency = new Option<int[]>("--concurrency") { Description = "Concurrent clients: 1 (sequential), 40, or both.", DefaultValueFactory = _ => [1, 40], AllowMultipleArgumentsPerToken = true };
        var formats = new Option<string[]>("--formats") { Description = $"Wire formats ({string.Join(", ", ProtocolFormat.All.Select(f => f.Name))}).", DefaultValueFactory = _ => [.. ProtocolFormat.All.Select(f => f.Name)], AllowMultipleArgumentsPerToken = true };
        var engine = new Option<string>("--engine") { Description = "auto (kernels for zoo models, else transport-only), kernels, onnxruntime, transport-only.", DefaultValueFactory = _ => ProtocolExperiment.AutoEngine };
        var build = new Option<string?>("--build") { Description = "aot or jit; default aot when published (coldstart --publish), else jit." };
        var quick = new Option<bool>("--quick") { Description = "A few requests per format (about a minute for all four models)." };
        var json = new Option<string?>("--json") { Description = "Write the rows to this results file." };
        var command = new Command("protocols", "Warm end-to-end latency per wire format (REST JSON, REST binary, gRPC) against a local Cloud Run bootstrap.") { models, concurrency, formats, engine, build, quick, json };
        command.SetAction((parse, cancel) => RunAsync(
            parse.GetValue(models)!,
            parse.GetValue(concurrency)!,
            parse.GetValue(formats)!,
            parse.GetValue(engine)!,
            parse.GetValue(build),
            parse.GetValue(quick),
            parse.GetValue(json),
            cancel));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> models, IReadOnlyList<int> concurrencies, IReadOnlyList<string> formats, string engine, string? buildName, bool quick, string? jsonPath, CancellationToken cancellationToken)
    {
        var build = buildName switch
        {
            null => BootstrapBuild.Aot.Exists ? BootstrapBuild.Aot : BootstrapBuild.Jit,
            "aot" => BootstrapBuild.Aot,
            "jit" => BootstrapBuild.Jit,
            _ => throw new ArgumentException($"--build takes aot or jit; received '{buildName}'."),
        };
        if (!build.Exists)
        {
            Console.WriteLine($"protocols: no {build.Name} build at {build.Program}. To publish it, run: {BootstrapBuild.PublishHint}");
            return 1;
        }

        if (concurrencies.Any(c => c < 1))
        {
            throw new ArgumentException($"--concurrency takes positive client counts; received {string.Join(", ", concurrencies)}.");
        }

        Console.WriteLine($"protocols: {string.Join(", ", models)} × {formats.Count} formats × concurrency {string.Join(", ", concurrencies)}, {build.Name} bootstrap (Cloud Run host), {(quick ? "quick" : "full")}");
        Console.WriteLine($"machine: {MachineInfo.Current()}");
        var experiment = new ProtocolExperiment(build, models, concurrencies, [.. formats.Select(ProtocolFormat.Get)], quick, engine);
        var rows = await experiment.RunAsync(cancellationToken).ConfigureAwait(false);
        ProtocolReport.Print(rows);
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "protocols", rows);
        }

        return 0;
    }
}
