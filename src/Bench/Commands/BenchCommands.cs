using System.CommandLine;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.HeavyStack;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Commands;

/// <summary>The Bench sub-commands, and the default run that chains the paper's experiments.</summary>
public static class BenchCommands
{
    /// <summary>Where the default run makes its folder, <c>results/&lt;UTC timestamp&gt;/</c>, and <c>results/latest</c>.</summary>
    public const string DefaultResultsRoot = "results";

    public static IEnumerable<Command> All()
    {
        yield return KernelsCommand.Create();
        yield return Table2Command.Create();
        yield return Table3Command.Create();
        yield return MicroCommand.Create();
        yield return LambdaEmulatorCommand.Create();
        yield return ColdStartCommand.Create();
        yield return ProtocolsCommand.Create();
        yield return ModelCommand.Create();
        yield return ModelsCommand.Create();
        yield return ProfileCommand.Create();
        yield return ReportCommand.Create();
        yield return TorchSharpWorkerCommand.Create();
        yield return ScalingCommand.Create();
        yield return AdviseCommand.Create();
    }

    /// <summary>
    /// The main job: every experiment this build has, quick where a full run would take long, then the report. First it
    /// publishes the AOT and ReadyToRun bootstraps where they are missing or stale (a build step, outside the time
    /// budget), so the cold-start rows always put AOT, ReadyToRun and JIT side by side. <paramref name="full"/>
    /// (<c>--full</c>) runs each at full length instead: more samples, and each cold-start and protocol median with its
    /// 95% confidence interval.
    /// </summary>
    public static int RunAll(bool full = false) => DefaultRun.Execute(DefaultResultsRoot,
    [
        new("publish", PublishBootstraps, Timed: false),
        new("table2", json => Table2Command.Run(quick: !full, json)),
        new("kernels", json => KernelsCommand.Run(quick: !full, json)),
        new("models", json => ModelsCommand.Run([.. ModelZoo.Names], json)),
        new("table3", json => Table3Command.Run([.. ModelZoo.Names], [1], quick: !full, json)),
        new("protocols", json => full ? ProtocolsCommand.RunFull(json) : ProtocolsCommand.RunQuick(json)),
        new("coldstart", json => ColdStartFigure6(full, json)),
        new(FaasPlan.Step, ScalingCommand.RunFaasQuick),
        new(ContainerPlan.Step, json => ScalingCommand.RunContainersAsync(["mobilenet_v1"], "kernels", null, ContainerPlan.Quick(full), null, null, json, CancellationToken.None).GetAwaiter().GetResult()),
    ]);

    /// <summary>
    /// Figure 6 on this machine: MobileNetV1 and BERT-base started fresh on every host, AOT, ReadyToRun and JIT builds and
    /// the heavy-stack baseline (Python + PyTorch) side by side; cold bursts for MobileNetV1 only (40 queued BERT requests
    /// take about a minute per burst); the platform images in podman where it and the AOT build are there.
    /// </summary>
    private static int ColdStartFigure6(bool full, string json) => ColdStartCommand.RunAsync(
        ["lambda", "sagemaker", "cloudrun"], ["aot", "r2r", "jit", "python"], ["kernels"], ["mobilenet_v1", "bert"], ["warm"],
        runs: full ? ColdStartCommand.FullRuns : 5, bursts: full ? ColdStartCommand.FullBursts : 1, publish: false, json, CancellationToken.None,
        container: ContainerImages.PodmanInstalled() && BootstrapBuild.Aot.MissingReason() is null, burstModels: ["mobilenet_v1"]).GetAwaiter().GetResult();

    /// <summary>
    /// The build step: each published bootstrap made current, and the heavy-stack baseline installed where it is missing
    /// and the run is root; one that cannot be made ready is a skip, not a failure.
    /// </summary>
    private static int PublishBootstraps(string json)
    {
        var skips = new List<Skip>();
        foreach (var build in new[] { BootstrapBuild.Aot, BootstrapBuild.ReadyToRun })
        {
            try
            {
                Console.WriteLine($"publish: the {build.Name} build: {BootstrapPublisher.EnsureCurrent(build)}");
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"publish: the {build.Name} build is skipped: {e.Message}");
                skips.Add(new Skip("publish", $"{build.Name} build", e.Message));
            }
        }

        if (PythonTorchInstaller.EnsureInstalled() is { } reason)
        {
            Console.WriteLine($"publish: the python build is skipped: {reason}");
            skips.Add(new Skip("publish", "python build", reason));
        }

        ResultsFile.WriteSkips(json, "publish", skips);
        return 0;
    }
}
