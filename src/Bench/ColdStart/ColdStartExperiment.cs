using Toolkit.Bench.Lambda;
using Toolkit.Bench.Models;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// Every requested host × build × engine × model × page-cache state, each started fresh <c>runs</c> times. The model
/// files are copied into one directory the bootstrap reads (<c>TOOLKIT_MODEL_DIR</c>), so eviction hits exactly the
/// file a start maps or reads. After the timed starts, each HTTP configuration also takes <c>bursts</c> cold bursts
/// (<see cref="ColdBurstProbe"/>): fresh processes again, so the burst never meets a process the timed runs warmed;
/// <c>burstModels</c>, when given, limits the bursts to those models (40 BERT requests queue for a minute per burst).
/// With <c>containers</c>, fresh containers of each host's platform image follow (<see cref="ContainerColdStarts"/>).
/// The AOT builds of one configuration (aot, aot-v3, aot-v4) take their starts in turn, one run of each at a time, so a
/// shared machine's drift hits the three alike; <c>relaunchScoped</c>, of <c>builds</c>, run in
/// <see cref="RelaunchScope"/>'s configuration only.
/// </summary>
public sealed class ColdStartExperiment(
    IReadOnlyList<string> hosts,
    IReadOnlyList<BootstrapBuild> builds,
    IReadOnlyList<string> engines,
    IReadOnlyList<string> models,
    IReadOnlyList<string> pageCaches,
    int runs,
    int bursts = 0,
    bool containers = false,
    IReadOnlyList<string>? burstModels = null,
    IReadOnlyList<BootstrapBuild>? relaunchScoped = null)
{
    /// <summary>Why container mode failed, or null: the rows then hold the process configurations only.</summary>
    public string? ContainerFailure { get; private set; }

    public static string ModelDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "coldstart", "models");

    public async Task<List<ColdStartRow>> RunAsync(CancellationToken cancellationToken)
    {
        var requests = models.ToDictionary(m => m, FirstRequest.For, StringComparer.Ordinal);
        var files = StageModels();
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0).ConfigureAwait(false);
        var rows = new List<ColdStartRow>();
        foreach (var model in models)
        {
            foreach (var alternating in Alternating(model))
            {
                var samples = await StartInTurnsAsync(alternating, model, requests[model], files, emulator, cancellationToken).ConfigureAwait(false);
                foreach (var (build, host, engine, pageCache) in alternating)
                {
                    var burst = await BurstAsync(build, host, engine, requests[model], files[(model, engine)], pageCache, cancellationToken).ConfigureAwait(false);
                    rows.Add(Row(host, build, engine, model, pageCache, samples[(build, host, engine, pageCache)], burst));
                }
            }
        }

        if (containers)
        {
            try
            {
                rows.AddRange(await ContainerColdStarts.RunAsync(hosts, models, ModelDirectory, runs, emulator, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                // The process rows stand without the container ones; the command reports the failure and exits non-zero.
                ContainerFailure = e.Message;
                Console.Error.WriteLine($"coldstart: container mode failed: {e.Message}");
            }
        }

        return rows;
    }

    /// <summary><c>runs</c> fresh starts of each configuration of <paramref name="alternating"/>, one of each in turn.</summary>
    private async Task<Dictionary<(BootstrapBuild Build, string Host, string Engine, string PageCache), List<ColdStartSample>>> StartInTurnsAsync(
        List<(BootstrapBuild Build, string Host, string Engine, string PageCache)> alternating, string model, FirstRequest request,
        Dictionary<(string Model, string Engine), string> files, RuntimeApiEmulator emulator, CancellationToken cancellationToken)
    {
        var samples = alternating.ToDictionary(c => c, _ => new List<ColdStartSample>());
        for (var run = 0; run < runs; run++)
        {
            foreach (var (build, host, engine, pageCache) in alternating)
            {
                if (pageCache == "evicted")
                {
                    PageCache.Evict(files[(model, engine)]);
                }

                var sample = await ColdStartProbe.RunAsync(build, host, engine, request, ModelDirectory, emulator, cancellationToken).ConfigureAwait(false);
                samples[(build, host, engine, pageCache)].Add(sample);
                Console.Write($"\rcoldstart: {host,-9} {build.Name,-6} {engine,-11} {model} {pageCache,-7} run {run + 1}/{runs}: {sample.EndToEndMs,7:F1} ms   ");
            }
        }

        Console.WriteLine();
        return samples;
    }

    private ColdStartRow Row(string host, BootstrapBuild build, string engine, string model, string pageCache, List<ColdStartSample> samples, ColdBurstResult? burst) =>
        new(host, build.Name, engine, ModelArtifacts.DisplayName(model), samples[0].Isa, pageCache, runs,
            PhaseStats.Of(samples.Select(s => s.RuntimeInitMs)),
            PhaseStats.Of(samples.Select(s => s.ModelLoadMs)),
            PhaseStats.Of(samples.Select(s => s.FirstInferenceMs)),
            PhaseStats.Of(samples.Select(s => s.EndToEndMs)),
            burst?.Requests,
            burst?.Failed,
            burst is { LatenciesMs.Count: > 0 } ? PhaseStats.Of(burst.LatenciesMs) : null,
            SubPhasesMs: ColdStartRow.SubPhasesOf(samples));

    /// <returns>The configuration's bursts added together, or null when it takes none.</returns>
    private async Task<ColdBurstResult?> BurstAsync(BootstrapBuild build, string host, string engine, FirstRequest request, string modelFile, string pageCache, CancellationToken cancellationToken)
    {
        if (bursts == 0 || !ColdBurstProbe.Supports(host) || burstModels?.Contains(request.Model) == false)
        {
            return null;
        }

        var results = new List<ColdBurstResult>();
        for (var i = 0; i < bursts; i++)
        {
            if (pageCache == "evicted")
            {
                PageCache.Evict(modelFile);
            }

            results.Add(await ColdBurstProbe.RunAsync(build, host, engine, request, ModelDirectory, ColdBurstProbe.DefaultRequests, cancellationToken).ConfigureAwait(false));
            cancellationToken.ThrowIfCancellationRequested();
        }

        var burst = ColdBurstResult.Combine(results);
        Console.WriteLine($"coldstart: {host,-9} {build.Name,-6} {engine,-11} cold burst: {burst.Failed} of {burst.Requests} failed" +
                          (burst.Failures.Count > 0 ? $" ({string.Join("; ", burst.Failures)})" : ""));
        return burst;
    }

    /// <summary>
    /// The configurations of <paramref name="model"/>, in groups whose starts alternate: the AOT builds (one publish)
    /// of the same host, engine and page cache together, every other build alone.
    /// </summary>
    private IEnumerable<List<(BootstrapBuild Build, string Host, string Engine, string PageCache)>> Alternating(string model) =>
        from configuration in Combinations(model)
        group configuration by (configuration.Host, configuration.Engine, configuration.PageCache, Family: configuration.Build.Publication == BootstrapBuild.Aot ? BootstrapBuild.Aot.Name : configuration.Build.Name) into alike
        select alike.ToList();

    private IEnumerable<(BootstrapBuild Build, string Host, string Engine, string PageCache)> Combinations(string model) =>
        from build in builds
        from host in hosts
        from engine in build.EnginesOf(engines)
        where Runs(model, engine)
        from pageCache in pageCaches
        where relaunchScoped?.Contains(build) != true || RelaunchScope.Covers(host, engine, model, pageCache)
        select (build, host, engine, pageCache);

    /// <summary>
    /// Imported models run on our engine only: the Python baseline reads zoo graphs, and the bootstrap's ONNX Runtime
    /// engine serves a file's declared shapes, which an imported model's symbolic dimensions leave open.
    /// </summary>
    public static bool Runs(string model, string engine) => !ModelArtifacts.IsImported(model) || engine == "kernels";

    /// <summary>Copies each model's artifact for each engine a build runs in as <c>&lt;model&gt;.tkm</c>, <c>.onnx</c> or <c>.torchgraph</c>.</summary>
    private Dictionary<(string Model, string Engine), string> StageModels()
    {
        Directory.CreateDirectory(ModelDirectory);
        var files = new Dictionary<(string, string), string>();
        foreach (var model in models)
        {
            foreach (var engine in builds.SelectMany(b => b.EnginesOf(engines)).Distinct(StringComparer.Ordinal).Where(e => Runs(model, e)))
            {
                var (source, extension) = ModelArtifacts.For(model, engine);
                var target = Path.Combine(ModelDirectory, ModelArtifacts.DisplayName(model) + extension);
                if (!File.Exists(target) || new FileInfo(target).Length != new FileInfo(source).Length)
                {
                    File.Copy(source, target, overwrite: true);
                }

                files[(model, engine)] = target;
            }
        }

        return files;
    }
}
