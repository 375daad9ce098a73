using System.CommandLine;

namespace Toolkit.Bench.Commands;

/// <summary>The Bench sub-commands, and the default run that chains the paper's experiments.</summary>
public static class BenchCommands
{
    public static IEnumerable<Command> All()
    {
        yield return Table2Command.Create();
    }

    /// <summary>The main job: every experiment this build has, quick where a full run would take long.</summary>
    public static int RunAll()
    {
        var failures = 0;
        failures += Table2Command.Run(quick: true, jsonPath: null) != 0 ? 1 : 0;
        return failures;
    }
}
