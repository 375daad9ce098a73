using System.CommandLine;
using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>coldstart [--hosts ...] [--builds ...] [--engines ...] [--models ...] [--page-cache ...] [--runs N] [--quick]
/// [--publish] [--json PATH]</c>: fresh bootstrap processes timed phase by phase (DESIGN.md), like the paper's Figure 6.
/// </summary>
public static class ColdStartCommand
{
    public static Command Create()
    {
        var hosts = new Option<string[]>("--hosts") { Description = "lambda, sagemaker, cloudrun.", DefaultValueFactory = _ => ["lambda", "sagemaker", "cloudrun"], AllowMultipleArgumentsPerToken = true };
        var builds = new Option<string[]>("--builds") { Description = "aot (published with --publish), jit.", DefaultValueFactory = _ => ["aot", "jit"], AllowMultipleArgumentsPerToken = true };
        var engines = new Option<string[]>("--engines") { Description = "kernels, onnxruntime.", DefaultValueFactory = _ => ["kernels", "onnxruntime"], AllowMultipleArgumentsPerToken = true };
        var models = new Option<string[]>("--models") { Description = $"Models ({string.Join(", ", ModelZoo.Names)}).", DefaultValueFactory = _ => ["mobilenet_v1"], AllowMultipleArgumentsPerToken = true };
        var pageCache = new Option<string[]>("--page-cache") { Description = "warm, evicted (posix_fadvise DONTNEED on the model file before each start).", DefaultValueFactory = _ => ["warm", "evicted"], AllowMultipleArgumentsPerToken = true };
        var runs = new Option<int>("--runs") { Description = "Fresh processes per configuration.", DefaultValueFactory = _ => 10 };
        var quick = new Option<bool>("--quick") { Description = "Own engine, warm page cache, 5 runs." };
        var publish = new Option<bool>("--publish") { Description = "Publish the AOT builds (x86-64-v3 and -v4) first; takes minutes." };
        var json = new Option<string?>("--json") { Description = "Write the rows to this results file." };
        var command = new Command("coldstart", "Cold-start phases of fresh bootstrap processes per host, build, engine and page-cache state.") { hosts, builds, engines, models, pageCache, runs, quick, publish, json };
        command.SetAction((parse, cancel) => RunAsync(
            parse.GetValue(hosts)!,
            parse.GetValue(builds)!,
            parse.GetValue(quick) ? ["kernels"] : parse.GetValue(engines)!,
            parse.GetValue(models)!,
            parse.GetValue(quick) ? ["warm"] : parse.GetValue(pageCache)!,
            parse.GetValue(quick) ? 5 : parse.GetValue(runs),
            parse.GetValue(publish),
            parse.GetValue(json),
            cancel));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> hosts, IReadOnlyList<string> builds, IReadOnlyList<string> engines, IReadOnlyList<string> models, IReadOnlyList<string> pageCaches, int runs, bool publish, string? jsonPath, CancellationToken cancellationToken)
    {
        if (publish)
        {
            BootstrapBuild.PublishAot();
        }

        var chosen = new List<BootstrapBuild>();
        foreach (var name in builds)
        {
            var build = name switch
            {
                "aot" => BootstrapBuild.Aot,
                "jit" => BootstrapBuild.Jit,
                _ => throw new ArgumentException($"--builds takes aot or jit; received '{name}'."),
            };
            if (build.Exists)
            {
                chosen.Add(build);
            }
            else
            {
                Console.WriteLine($"coldstart: no {name} build at {build.Program}; skipping it. To add it, run: {BootstrapBuild.PublishHint}");
            }
        }

        Console.WriteLine($"coldstart: {string.Join(", ", hosts)} × {string.Join(", ", chosen.Select(b => b.Name))} × {string.Join(", ", engines)} × {string.Join(", ", pageCaches)} page cache, {runs} fresh processes each");
        Console.WriteLine($"machine: {MachineInfo.Current()}");
        var rows = await new ColdStartExperiment(hosts, chosen, engines, models, pageCaches, runs).RunAsync(cancellationToken).ConfigureAwait(false);
        Print(rows);
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "coldstart", rows);
        }

        return 0;
    }

    private static void Print(IReadOnlyList<ColdStartRow> rows)
    {
        var table = new TextTable("host", "build", "engine", "isa", "model", "page cache", "runtime_init ms", "model_load ms", "first_inference ms", "end_to_end ms (p95)");
        foreach (var r in rows)
        {
            table.Add(r.Host, r.Build, r.Engine, r.Isa, r.Model, r.PageCache, Format(r.RuntimeInitMs.Median), Format(r.ModelLoadMs.Median), Format(r.FirstInferenceMs.Median),
                $"{Format(r.EndToEndMs.Median)} ({Format(r.EndToEndMs.P95)})");
        }

        Console.WriteLine();
        table.Print();
        foreach (var (aot, jit) in from a in rows.Where(r => r.Build == "aot")
                                   join j in rows.Where(r => r.Build == "jit") on (a.Host, a.Engine, a.Model, a.PageCache) equals (j.Host, j.Engine, j.Model, j.PageCache)
                                   select (a, j))
        {
            Console.WriteLine($"JIT ÷ AOT end to end, {aot.Host} {aot.Engine} {aot.PageCache}: {jit.EndToEndMs.Median / aot.EndToEndMs.Median:F1}×");
        }
    }

    private static string Format(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
