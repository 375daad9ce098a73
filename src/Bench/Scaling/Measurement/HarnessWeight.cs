namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Moves this process (the client and dispatcher) into a cpu group with the same weight the limited instances get
/// (<see cref="CpuLimitGroup.Weight"/>, cgroup v1 or v2), so that they do not starve it of the cores it shares with
/// them: the client then waits on the instances, not on the scheduler. Dispose moves it back to the hierarchy's root
/// and removes the group. Does nothing where the cpu controller is not writable.
/// </summary>
public sealed class HarnessWeight : IDisposable
{
    private readonly CpuLimitGroup? group;

    private HarnessWeight(CpuLimitGroup? group) => this.group = group;

    public static HarnessWeight Raise(string root = CpuLimitGroup.CgroupRoot)
    {
        CpuLimitGroup? group = null;
        try
        {
            group = CpuLimitGroup.Create(CpuLimit.None, root);
            group.Join(Environment.ProcessId);
            return new HarnessWeight(group);
        }
        catch (Exception e) when (e is CpuLimitUnavailableException or IOException or UnauthorizedAccessException)
        {
            group?.Dispose();
            return new HarnessWeight(null);
        }
    }

    /// <summary>The group this process joined; null where none could be made.</summary>
    public string? Directory => group is { Directories.Count: > 0 } joined ? joined.Directories[0] : null;

    public void Dispose()
    {
        group?.Leave(Environment.ProcessId);
        group?.Dispose();
    }
}
