namespace Toolkit.Bench.Lambda;

/// <summary>
/// How a harness wraps a bootstrap it starts: extra environment variables (<c>TOOLKIT_THREADS</c>, a model directory)
/// and a launcher the program runs behind (a shell that joins a CPU-limited cgroup and then execs it, for example).
/// </summary>
public sealed record BootstrapLaunch(IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Launcher)
{
    /// <summary>No extra variables, no launcher: the program started directly.</summary>
    public static BootstrapLaunch Plain { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>The caller's variables with this launch's added (this launch's win).</summary>
    public Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> environment)
    {
        var merged = new Dictionary<string, string>(environment);
        foreach (var (name, value) in Environment)
        {
            merged[name] = value;
        }

        return merged;
    }
}
