using Toolkit.Bench.Lambda;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// The container rows of <c>coldstart --container</c>: for each model, the platform images built once
/// (<see cref="ContainerImages"/>), then <c>runs</c> fresh containers per host (<see cref="ContainerColdStartProbe"/>).
/// Only the AOT build and our engine: the images ship the AOT binary and the <c>.tkm</c> model, as images/build.sh
/// builds them for deployment. Only the warm page cache: the model sits in podman's image store, where evicting it
/// would need the storage driver's paths.
/// </summary>
public static class ContainerColdStarts
{
    public const string Engine = "kernels";

    /// <exception cref="InvalidOperationException">podman or the AOT build is missing (the message says how to get it), or an image build fails.</exception>
    public static async Task<List<ColdStartRow>> RunAsync(IReadOnlyList<string> hosts, IReadOnlyList<string> models, string modelDirectory, int runs, RuntimeApiEmulator emulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(models);
        ContainerImages.RequirePodman();
        if (BootstrapBuild.Aot.MissingReason() is { } reason)
        {
            throw new InvalidOperationException($"coldstart --container builds its images from the AOT bootstrap: {reason}");
        }

        var containerHosts = hosts.Where(ContainerImages.Hosts.Contains).ToList();
        var rows = new List<ColdStartRow>();
        foreach (var model in models)
        {
            var request = FirstRequest.For(model);
            var modelFile = Path.Combine(modelDirectory, request.Model + Toolkit.Kernels.Graph.ModelFile.Extension);
            if (!File.Exists(modelFile))
            {
                Directory.CreateDirectory(modelDirectory);
                File.Copy(Models.ModelArtifacts.ToolkitPath(model), modelFile);
            }

            var images = ContainerImages.Build(containerHosts, BootstrapBuild.AotDirectory, modelDirectory, request.Model, Path.Combine(Environment.CurrentDirectory, "artifacts", "coldstart", "images"));
            foreach (var host in containerHosts)
            {
                var samples = new List<ColdStartSample>();
                for (var run = 0; run < runs; run++)
                {
                    samples.Add(await ContainerColdStartProbe.RunAsync(images, host, Engine, request, host == "lambda" ? emulator : null, cancellationToken).ConfigureAwait(false));
                    Console.Write($"\rcoldstart: {host,-9} aot container {model} run {run + 1}/{runs}: {samples[^1].EndToEndMs,7:F1} ms (container init {samples[^1].ContainerInitMs,6:F1} ms)   ");
                }

                Console.WriteLine();
                rows.Add(new ColdStartRow(host, "aot", Engine, model, samples[0].Isa, "warm", runs,
                    PhaseStats.Of(samples.Select(s => s.RuntimeInitMs)),
                    PhaseStats.Of(samples.Select(s => s.ModelLoadMs)),
                    PhaseStats.Of(samples.Select(s => s.FirstInferenceMs)),
                    PhaseStats.Of(samples.Select(s => s.EndToEndMs)),
                    Mode: ColdStartRow.ContainerMode,
                    ContainerInitMs: PhaseStats.Of(samples.Select(s => s.ContainerInitMs ?? 0)),
                    SubPhasesMs: ColdStartRow.SubPhasesOf(samples)));
            }
        }

        return rows;
    }
}
