using System.CommandLine;

namespace Toolkit.Bench.Commands;

/// <summary>The Bench sub-commands, and the default run that chains the paper's experiments.</summary>
public static class BenchCommands
{
    public static IEnumerable<Command> All()
    {
        yield return KernelsCommand.Create();
        yield return MicroCommand.Create();
    }

    /// <summary>The main job: every experiment this build has, quick where a full run would take long.</summary>
    public static int RunAll()
    {
        return KernelsCommand.Run(quick: true, jsonPath: null);
    }
}
