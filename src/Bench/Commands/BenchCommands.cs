using System.CommandLine;

namespace Toolkit.Bench.Commands;

/// <summary>The Bench sub-commands, and the default run that chains the paper's experiments.</summary>
public static class BenchCommands
{
    /// <summary>Where the default run writes its results.</summary>
    public const string DefaultResultsPath = "results/results.json";

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
    }

    /// <summary>The main job: every experiment this build has, quick where a full run would take long.</summary>
    public static int RunAll()
    {
        var failures = 0;
        failures += KernelsCommand.Run(quick: true, jsonPath: DefaultResultsPath) != 0 ? 1 : 0;
        failures += Table2Command.Run(quick: true, jsonPath: DefaultResultsPath) != 0 ? 1 : 0;
        failures += Table3Command.Run(["mobilenet_v1"], [1], quick: true, DefaultResultsPath) != 0 ? 1 : 0;
        failures += ProtocolsCommand.RunQuick(DefaultResultsPath) != 0 ? 1 : 0;
        failures += ColdStartCommand.RunAsync(["lambda", "sagemaker", "cloudrun"], ["aot", "jit"], ["kernels"], ["mobilenet_v1"], ["warm"], runs: 5, publish: false, DefaultResultsPath, CancellationToken.None).GetAwaiter().GetResult() != 0 ? 1 : 0;
        return failures == 0 ? 0 : 1;
    }
}
