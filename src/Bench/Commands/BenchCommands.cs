using System.CommandLine;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Reporting;
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
        yield return ReportCommand.Create();
        yield return TorchSharpWorkerCommand.Create();
    }

    /// <summary>The main job: every experiment this build has, quick where a full run would take long, then the report.</summary>
    public static int RunAll() => DefaultRun.Execute(DefaultResultsRoot,
    [
        new("table2", json => Table2Command.Run(quick: true, json)),
        new("kernels", json => KernelsCommand.Run(quick: true, json)),
        new("models", json => ModelsCommand.Run([.. ModelZoo.Names], json)),
        new("table3", json => Table3Command.Run([.. ModelZoo.Names], [1], quick: true, json)),
        new("protocols", json => ProtocolsCommand.RunQuick(json)),
        new("coldstart", json => ColdStartCommand.RunAsync(["lambda", "sagemaker", "cloudrun"], ["aot", "jit"], ["kernels"], ["mobilenet_v1"], ["warm"], runs: 5, bursts: 1, publish: false, json, CancellationToken.None).GetAwaiter().GetResult()),
    ]);
}
