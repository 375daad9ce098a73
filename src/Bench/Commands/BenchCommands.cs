using System.CommandLine;
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
    /// The main job: every experiment this build has, quick where a full run would take long, then the report.
    /// <paramref name="full"/> (<c>--full</c>) runs each at full length instead: more samples, and each cold-start and
    /// protocol median with its 95% confidence interval.
    /// </summary>
    public static int RunAll(bool full = false) => DefaultRun.Execute(DefaultResultsRoot,
    [
        new("table2", json => Table2Command.Run(quick: !full, json)),
        new("kernels", json => KernelsCommand.Run(quick: !full, json)),
        new("models", json => ModelsCommand.Run([.. ModelZoo.Names], json)),
        new("table3", json => Table3Command.Run([.. ModelZoo.Names], [1], quick: !full, json)),
        new("protocols", json => full ? ProtocolsCommand.RunFull(json) : ProtocolsCommand.RunQuick(json)),
        new("coldstart", json => ColdStartCommand.RunAsync(["lambda", "sagemaker", "cloudrun"], ["aot", "jit", "r2r"], ["kernels"], ["mobilenet_v1"], ["warm"], runs: full ? ColdStartCommand.FullRuns : 5, bursts: full ? ColdStartCommand.FullBursts : 1, publish: false, json, CancellationToken.None, container: ColdStart.ContainerImages.PodmanInstalled() && ColdStart.BootstrapBuild.Aot.Exists).GetAwaiter().GetResult()),
        new("scaling", json => ScalingCommand.RunContainersAsync(["mobilenet_v1"], "kernels", null, ContainerPlan.Quick(full), null, null, json, CancellationToken.None).GetAwaiter().GetResult()),
        new("scaling faas", ScalingCommand.RunFaasQuick),
    ]);
}
