using System.CommandLine;
using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.HeavyStack;
using Toolkit.Bench.Reporting;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>coldstart [--hosts ...] [--builds ...] [--engines ...] [--models ...] [--page-cache ...] [--runs N] [--quick|--full]
/// [--bursts N] [--container] [--publish] [--json PATH]</c>: fresh bootstrap processes timed phase by phase (DESIGN.md), like the
/// paper's Figure 6, and the paper's cold burst of 40 concurrent requests to a fresh process (<see cref="ColdBurstProbe"/>).
/// <c>--container</c> adds fresh containers of each host's platform image (<see cref="ContainerColdStarts"/>). Where aot
/// runs in <see cref="RelaunchScope"/>'s configuration, aot-v3 and aot-v4 join it there, for the ISA relaunch's comparison.
/// </summary>
public static class ColdStartCommand
{
    /// <summary>Fresh processes per configuration under --full: with 30, the median's 95% interval spans ranks 10 to 21.</summary>
    public const int FullRuns = 30;

    /// <summary>Bursts per configuration under --full: 200 requests, so a failure rate of 1% would show.</summary>
    public const int FullBursts = 5;

    public static Command Create()
    {
        var hosts = new Option<string[]>("--hosts") { Description = "lambda, sagemaker, cloudrun.", DefaultValueFactory = _ => ["lambda", "sagemaker", "cloudrun"], AllowMultipleArgumentsPerToken = true };
        var builds = new Option<string[]>("--builds") { Description = $"aot (x86-64-v3, relaunching into its x86-64-v4 sibling on an AVX-512 CPU), aot-v3 (kept on v3), aot-v4 (the v4 sibling started directly; AVX-512 only), r2r (all published with --publish), jit; python, the heavy-stack baseline (Python + PyTorch, engine torch; needs {PythonTorch.InstallCommand}).", DefaultValueFactory = _ => ["aot", "jit"], AllowMultipleArgumentsPerToken = true };
        var engines = new Option<string[]>("--engines") { Description = "kernels, onnxruntime.", DefaultValueFactory = _ => ["kernels", "onnxruntime"], AllowMultipleArgumentsPerToken = true };
        var models = new Option<string[]>("--models") { Description = $"Models: zoo ({string.Join(", ", ModelZoo.Names)}), pretrained ({string.Join(", ", Pretrained.PretrainedModels.Names)}, our engine only) or an .onnx path with fixed shapes.", DefaultValueFactory = _ => ["mobilenet_v1"], AllowMultipleArgumentsPerToken = true };
        var pageCache = new Option<string[]>("--page-cache") { Description = "warm, evicted (posix_fadvise DONTNEED on the model file before each start).", DefaultValueFactory = _ => ["warm", "evicted"], AllowMultipleArgumentsPerToken = true };
        var runs = new Option<int>("--runs") { Description = "Fresh processes per configuration.", DefaultValueFactory = _ => 10 };
        var bursts = new Option<int>("--bursts") { Description = $"Cold bursts ({ColdBurstProbe.DefaultRequests} concurrent requests to a fresh process) per HTTP-host configuration; 0 for none.", DefaultValueFactory = _ => 3 };
        var quick = new Option<bool>("--quick") { Description = "Own engine, warm page cache, 5 runs, 1 burst." };
        var full = new Option<bool>("--full") { Description = $"At least {FullRuns} runs and {FullBursts} bursts per configuration, for narrow confidence intervals of the medians (median_ci95)." };
        var container = new Option<bool>("--container") { Description = $"Also start each host's platform image (images/build.sh, AOT, own engine, warm page cache) fresh in podman --runs times; rows get mode container and container_init_ms. Needs podman: {ContainerImages.InstallCommand}." };
        var publish = new Option<bool>("--publish") { Description = "Publish the requested AOT (x86-64-v3 and -v4; takes minutes) and ReadyToRun builds first where they are missing or stale." };
        var json = new Option<string?>("--json") { Description = "Write the rows to this results file." };
        var command = new Command("coldstart", "Cold-start phases of fresh bootstrap processes per host, build, engine and page-cache state.") { hosts, builds, engines, models, pageCache, runs, bursts, quick, full, container, publish, json };
        command.SetAction((parse, cancel) => RunAsync(
            parse.GetValue(hosts)!,
            parse.GetValue(builds)!,
            parse.GetValue(quick) ? ["kernels"] : parse.GetValue(engines)!,
            parse.GetValue(models)!,
            parse.GetValue(quick) ? ["warm"] : parse.GetValue(pageCache)!,
            parse.GetValue(quick) ? 5 : parse.GetValue(full) ? Math.Max(FullRuns, parse.GetValue(runs)) : parse.GetValue(runs),
            parse.GetValue(quick) ? 1 : parse.GetValue(full) ? Math.Max(FullBursts, parse.GetValue(bursts)) : parse.GetValue(bursts),
            parse.GetValue(publish),
            parse.GetValue(json),
            cancel,
            parse.GetValue(container)));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> hosts, IReadOnlyList<string> builds, IReadOnlyList<string> engines, IReadOnlyList<string> models, IReadOnlyList<string> pageCaches, int runs, int bursts, bool publish, string? jsonPath, CancellationToken cancellationToken, bool container = false, IReadOnlyList<string>? burstModels = null)
    {
        if (container && !ContainerImages.PodmanInstalled())
        {
            Console.Error.WriteLine($"coldstart --container needs podman, which is not installed; install it with: {ContainerImages.InstallCommand}");
            return 1;
        }

        var named = builds.Select(BootstrapBuild.ForColdStart).ToList();
        var relaunchScoped = RelaunchScope.Added(named, hosts, engines, models, pageCaches);
        List<BootstrapBuild> requested = [.. named, .. relaunchScoped];
        foreach (var build in publish ? requested.Select(b => b.Publication).OfType<BootstrapBuild>().Distinct() : [])
        {
            try
            {
                Console.WriteLine($"coldstart: the {build.Name} build: {BootstrapPublisher.EnsureCurrent(build)}");
            }
            catch (InvalidOperationException e)
            {
                // Skipped below with the same reason; the other builds still run.
                Console.WriteLine($"coldstart: could not publish the {build.Name} build: {e.Message}");
            }
        }

        var chosen = new List<BootstrapBuild>();
        var skipped = new List<Skip>();
        foreach (var build in requested)
        {
            if (build.MissingReason() is { } reason)
            {
                // Not a failure: the other builds still run, and the results say why this one has no rows.
                Console.WriteLine($"coldstart: skipping the {build.Name} build: {reason}");
                skipped.Add(new Skip("coldstart", $"{build.Name} build", reason));
            }
            else
            {
                chosen.Add(build);
            }
        }

        Console.WriteLine($"coldstart: {string.Join(", ", hosts)} × {string.Join(", ", chosen.Select(b => Describe(b, relaunchScoped)))} × {string.Join(", ", engines)} × {string.Join(", ", pageCaches)} page cache, {runs} fresh processes each");
        Console.WriteLine($"machine: {MachineInfo.Current()}");
        var experiment = new ColdStartExperiment(hosts, chosen, engines, models, pageCaches, runs, bursts, container, burstModels, relaunchScoped);
        var rows = await experiment.RunAsync(cancellationToken).ConfigureAwait(false);
        Print(rows);
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "coldstart", rows);
            ResultsFile.WriteSkips(jsonPath, "coldstart", skipped);
        }

        return experiment.ContainerFailure is null ? 0 : 1;
    }

    /// <summary>A build's name in the run's summary line, with where it runs when that is not everywhere.</summary>
    private static string Describe(BootstrapBuild build, IReadOnlyList<BootstrapBuild> relaunchScoped) =>
        build.Engine is { } own ? $"{build.Name} ({own} only)"
        : relaunchScoped.Contains(build) ? $"{build.Name} ({RelaunchScope.Host}, {RelaunchScope.Model}, {RelaunchScope.Engine}, {RelaunchScope.PageCache} only)"
        : build.Name;

    /// <summary>A phase cell's first sub-phase, as " (exec 2.1)", where the row has it.</summary>
    private static string Split(ColdStartRow row, string subPhase, string label) =>
        row.SubPhasesMs?.TryGetValue(subPhase, out var stats) == true ? $" ({label} {Format(stats.Median)})" : "";

    private static void Print(IReadOnlyList<ColdStartRow> rows)
    {
        var table = new TextTable("host", "mode", "build", "engine", "isa", "model", "page cache", "container_init ms", "runtime_init ms", "model_load ms", "first_inference ms", "end_to_end ms (p95)");
        foreach (var r in rows)
        {
            table.Add(r.Host, r.Mode, r.Build, r.Engine, r.Isa, r.Model, r.PageCache, r.ContainerInitMs is { } init ? Format(init.Median) : "–",
                Format(r.RuntimeInitMs.Median) + Split(r, "runtime_exec", "exec"), Format(r.ModelLoadMs.Median) + Split(r, "model_map", "map"), Format(r.FirstInferenceMs.Median),
                $"{Format(r.EndToEndMs.Median)} ({Format(r.EndToEndMs.P95)})" + (r.EndToEndMs.MedianCi95 is [var low, var high] ? $" [95% CI {Format(low)}–{Format(high)}]" : ""));
        }

        Console.WriteLine();
        table.Print();
        foreach (var r in rows.Where(r => r.BurstRequests is not null))
        {
            Console.WriteLine($"cold burst, {r.Host} {r.Build} {r.Engine} {r.PageCache}: {r.BurstFailed} of {r.BurstRequests} failed; spawn → response " +
                              (r.BurstLatencyMs is { } latency ? $"median {Format(latency.Median)} ms, p95 {Format(latency.P95)} ms" : "none answered"));
        }

        foreach (var (aot, other) in from a in rows.Where(r => r.Build == "aot")
                                     join o in rows.Where(r => r.Build != "aot" && !RelaunchComparison.IsVariant(r.Build)) on (a.Host, a.Engine, a.Model, a.PageCache, a.Mode) equals (o.Host, o.Engine, o.Model, o.PageCache, o.Mode)
                                     select (a, o))
        {
            Console.WriteLine($"{other.Build.ToUpperInvariant()} ÷ AOT end to end, {aot.Host} {aot.Engine} {aot.Model} {aot.PageCache}: {other.EndToEndMs.Median / aot.EndToEndMs.Median:F1}×");
        }

        // The heavy-stack baseline against each bootstrap build of the same start: the paper's kind of stack beside ours.
        foreach (var (python, other) in from p in rows.Where(r => r.Build == BootstrapBuild.Python.Name)
                                        join o in rows.Where(r => r.Build != BootstrapBuild.Python.Name) on (p.Host, p.Model, p.PageCache, p.Mode) equals (o.Host, o.Model, o.PageCache, o.Mode)
                                        select (p, o))
        {
            Console.WriteLine($"python ÷ {other.Build} ({other.Engine}) end to end, {python.Host} {python.Model} {python.PageCache}: {python.EndToEndMs.Median / other.EndToEndMs.Median:F1}×");
        }

        Relaunch(rows);
        foreach (var (process, container) in from p in rows.Where(r => r.Mode == ColdStartRow.ProcessMode && r.Build == "aot")
                                             join c in rows.Where(r => r.Mode == ColdStartRow.ContainerMode) on (p.Host, p.Engine, p.Model, p.PageCache) equals (c.Host, c.Engine, c.Model, c.PageCache)
                                             select (p, c))
        {
            Console.WriteLine($"container ÷ process end to end (AOT), {process.Host} {process.Engine}: {container.EndToEndMs.Median / process.EndToEndMs.Median:F1}× " +
                              $"({Format(container.EndToEndMs.Median)} vs {Format(process.EndToEndMs.Median)} ms; container init {Format(container.ContainerInitMs!.Median)} ms)");
        }
    }

    /// <summary>The ISA relaunch's comparison (<see cref="RelaunchComparison"/>), one small table and verdict per configuration that has it.</summary>
    private static void Relaunch(IReadOnlyList<ColdStartRow> rows)
    {
        var starts = rows.Where(r => r.Mode == ColdStartRow.ProcessMode)
            .Select(r => (r.Host, r.Engine, r.Model, r.PageCache, new RelaunchStart(r.Build, r.Isa, r.Runs, r.RuntimeInitMs, r.EndToEndMs)));
        foreach (var comparison in RelaunchComparison.Of(starts))
        {
            var table = new TextTable("start", "build", "isa", "runtime_init ms (p95)", "end_to_end ms (p95)");
            foreach (var (label, start) in comparison.Starts)
            {
                table.Add(label, start?.Build ?? "–", start?.Isa ?? "–",
                    start is null ? "not run" : $"{Format(start.RuntimeInitMs.Median)} ({Format(start.RuntimeInitMs.P95)})",
                    start is null ? "not run" : $"{Format(start.EndToEndMs.Median)} ({Format(start.EndToEndMs.P95)})");
            }

            Console.WriteLine();
            Console.WriteLine($"ISA relaunch, {comparison.Host} {comparison.Engine} {comparison.Model} {comparison.PageCache}:");
            table.Print();
            Console.WriteLine($"relaunch verdict: {comparison.Verdict()}");
        }
    }

    private static string Format(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
