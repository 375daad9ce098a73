using System.Globalization;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Moves this process (the client and dispatcher) into a cpu group with the same weight the limited instances get
/// (<see cref="CpuLimitGroup.Weight"/>), so that they do not starve it of the cores it shares with them: the client
/// then waits on the instances, not on the scheduler. Dispose moves it back and removes the group. Does nothing where
/// the cpu controller is not writable.
/// </summary>
public sealed class HarnessWeight : IDisposable
{
    private readonly string? directory;

    private HarnessWeight(string? directory) => this.directory = directory;

    public static HarnessWeight Raise()
    {
        var root = Path.Combine(CpuLimitGroup.CgroupRoot, "cpu");
        if (Environment.UserName != "root" || !File.Exists(Path.Combine(root, "cgroup.procs")))
        {
            return new HarnessWeight(null);
        }

        var directory = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"toolkit-scaling-harness-{Environment.ProcessId}"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "cpu.shares"), CpuLimitGroup.Weight.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(directory, "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new HarnessWeight(directory);
    }

    public void Dispose()
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        File.WriteAllText(Path.Combine(CpuLimitGroup.CgroupRoot, "cpu", "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.Delete(directory);
    }
}
