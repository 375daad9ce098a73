using System.CommandLine;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Protocols.Remote;
using Toolkit.Bench.Reporting;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>protocols [--models ...] [--concurrency 1 40] [--formats ...] [--engine ...] [--build aot|jit] [--quick] [--json PATH]</c>:
/// warm end-to-end latency per wire format over loopback, split into phases, like the paper's Figure 3. With
/// <c>--target URL [--platform cloudrun|lambda-url|sagemaker]</c> the same measurements run against a deployed endpoint
/// (<see cref="RemoteTarget"/>; SageMaker requests are SigV4-signed with the standard AWS_* credentials).
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
        var target = new Option<string?>("--target") { Description = "A deployed endpoint's URL to measure instead of a local bootstrap (Cloud Run service URL, Lambda Function URL, SageMaker InvokeEndpoint URL)." };
        var platform = new Option<string>("--platform") { Description = $"What --target is: {string.Join(", ", RemoteTarget.Platforms)}.", DefaultValueFactory = _ => RemoteTarget.CloudRun };
        var command = new Command("protocols", "Warm end-to-end latency per wire format (REST JSON, REST binary, gRPC) against a local Cloud Run bootstrap or a deployed endpoint.") { models, concurrency, formats, engine, build, quick, json, target, platform };
        command.SetAction((parse, cancel) => parse.GetValue(target) is { } url
            ? RunRemoteAsync(RemoteTarget.Create(url, parse.GetValue(platform)!), parse.GetValue(models)!, parse.GetValue(concurrency)!, parse.GetValue(formats)!, parse.GetValue(quick), parse.GetValue(json), cancel)
            : RunAsync(
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

    /// <summary>The default run's share: every paper model, every format, concurrency 1 and 40, quick.</summary>
    public static int RunQuick(string jsonPath) =>
        RunAsync([.. PaperModels.All.Select(m => m.Id())], [1, 40], [.. ProtocolFormat.All.Select(f => f.Name)], ProtocolExperiment.AutoEngine, buildName: null, quick: true, jsonPath, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The default run's share under --full: every paper model, every format, concurrency 1 and 40, full length.</summary>
    public static int RunFull(string jsonPath) =>
        RunAsync([.. PaperModels.All.Select(m => m.Id())], [1, 40], [.. ProtocolFormat.All.Select(f => f.Name)], ProtocolExperiment.AutoEngine, buildName: null, quick: false, jsonPath, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunRemoteAsync(RemoteTarget target, IReadOnlyList<string> models, IReadOnlyList<int> concurrencies, IReadOnlyList<string> formats, bool quick, string? jsonPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        Console.WriteLine($"protocols: {target.Platform} at {target.Address}{(target.Signer is { } signer ? $" (SigV4, {signer.Region})" : "")}: {string.Join(", ", models)} × concurrency {string.Join(", ", concurrencies)}, {(quick ? "quick" : "full")}");
        var rows = await new RemoteProtocolExperiment(target, models, concurrencies, [.. formats.Select(ProtocolFormat.Get)], quick).RunAsync(cancellationToken).ConfigureAwait(false);
        ProtocolReport.Print(rows);
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "protocols", rows);
        }

        return rows.Any(r => r.Errors == r.Requests) ? 1 : 0;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> models, IReadOnlyList<int> concurrencies, IReadOnlyList<string> formats, string engine, string? buildName, bool quick, string? jsonPath, CancellationToken cancellationToken)
    {
        if (BootstrapBuild.Choose(buildName, "protocols") is not { } build)
        {
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
