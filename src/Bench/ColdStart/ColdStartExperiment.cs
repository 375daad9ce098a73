using Toolkit.Bench.Lambda;
using Toolkit.Bench.Models;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// Every requested host × build × engine × model × page-cache state, each started fresh <c>runs</c> times. The model
/// files are copied into one directory the bootstrap reads (<c>TOOLKIT_MODEL_DIR</c>), so eviction hits exactly the
/// file a start maps or reads.
/// </summary>
public sealed class ColdStartExperiment(
    IReadOnlyList<string> hosts,
    IReadOnlyList<BootstrapBuild> builds,
    IReadOnlyList<string> engines,
    IReadOnlyList<string> models,
    IReadOnlyList<string> pageCaches,
    int runs)
{
    public static string ModelDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "coldstart", "models");

    public async Task<List<ColdStartRow>> RunAsync(CancellationToken cancellationToken)
    {
        var requests = models.ToDictionary(m => m, FirstRequest.For, StringComparer.Ordinal);
        var files = StageModels();
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0).ConfigureAwait(false);
        var rows = new List<ColdStartRow>();
        foreach (var model in models)
        {
            foreach (var (build, host, engine, pageCache) in Combinations())
            {
                var samples = new List<ColdStartSample>();
                for (var run = 0; run < runs; run++)
                {
                    if (pageCache == "evicted")
                    {
                        PageCache.Evict(files[(model, engine)]);
                    }

                    samples.Add(await ColdStartProbe.RunAsync(build, host, engine, requests[model], ModelDirectory, emulator, cancellationToken).ConfigureAwait(false));
                    Console.Write($"\rcoldstart: {host,-9} {build.Name,-3} {engine,-11} {model} {pageCache,-7} run {run + 1}/{runs}: {samples[^1].EndToEndMs,7:F1} ms   ");
                }

                Console.WriteLine();
                rows.Add(new ColdStartRow(host, build.Name, engine, model, samples[0].Isa, pageCache, runs,
                    PhaseStats.Of(samples.Select(s => s.RuntimeInitMs)),
                    PhaseStats.Of(samples.Select(s => s.ModelLoadMs)),
                    PhaseStats.Of(samples.Select(s => s.FirstInferenceMs)),
                    PhaseStats.Of(samples.Select(s => s.EndToEndMs))));
            }
        }

        return rows;
    }

    private IEnumerable<(BootstrapBuild Build, string Host, string Engine, string PageCache)> Combinations() =>
        from build in builds
        from host in hosts
        from engine in engines
        from pageCache in pageCaches
        select (build, host, engine, pageCache);

    /// <summary>Copies each model's artifact for each engine in as <c>&lt;model&gt;.tkm</c> / <c>&lt;model&gt;.onnx</c>.</summary>
    private Dictionary<(string Model, string Engine), string> StageModels()
    {
        Directory.CreateDirectory(ModelDirectory);
        var files = new Dictionary<(string, string), string>();
        foreach (var model in models)
        {
            foreach (var engine in engines)
            {
                var (source, extension) = engine == "onnxruntime" ? (ModelArtifacts.OnnxPath(model), ".onnx") : (ModelArtifacts.ToolkitPath(model), Toolkit.Kernels.Graph.ModelFile.Extension);
                var target = Path.Combine(ModelDirectory, model + extension);
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
