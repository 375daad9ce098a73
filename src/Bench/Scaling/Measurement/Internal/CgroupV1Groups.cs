using System.Globalization;

namespace Toolkit.Bench.Scaling.Measurement.Internal;

/// <summary>
/// The cgroup v1 groups for a <see cref="CpuLimit"/>: a child of the <c>cpu</c> controller (weight, CFS quota) and of
/// <c>cpuset</c> (pinning), or <c>taskset</c> where cpuset is not writable.
/// </summary>
internal static class CgroupV1Groups
{
    /// <summary>Makes the groups (added to <paramref name="made"/>) and returns the <c>cgroup.procs</c> files to join, or a taskset prefix.</summary>
    /// <exception cref="CpuLimitUnavailableException">A controller the limit needs is not writable.</exception>
    public static (List<string> Joins, string[] Taskset) Build(CpuLimit limit, string root, string name, List<string> made)
    {
        var joins = new List<string>();
        string[] taskset = [];
        // A group in the cpu controller even without a quota: its weight keeps other work on this shared machine from
        // taking the cores a platform would dedicate. Without a quota and without that controller, pinning still works.
        if (limit.Cores is not null || IsWritable(Path.Combine(root, "cpu")))
        {
            var directory = MakeGroup(root, "cpu", name, limit.Cores is { } c ? c.ToString(CultureInfo.InvariantCulture) + " cores" : "a CPU weight", made);
            File.WriteAllText(Path.Combine(directory, "cpu.shares"), CpuLimitGroup.Weight.ToString(CultureInfo.InvariantCulture));
            if (limit.Cores is { } cores)
            {
                File.WriteAllText(Path.Combine(directory, "cpu.cfs_period_us"), CpuLimitGroup.PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
                File.WriteAllText(Path.Combine(directory, "cpu.cfs_quota_us"), QuotaMicroseconds(cores).ToString(CultureInfo.InvariantCulture));
            }

            joins.Add(Path.Combine(directory, "cgroup.procs"));
        }

        if (limit.CpuList is { } list)
        {
            if (IsWritable(Path.Combine(root, "cpuset")))
            {
                var directory = MakeGroup(root, "cpuset", name, "cpus " + list, made);
                // A cpuset group takes no task until it has memory nodes: give it its parent's.
                File.WriteAllText(Path.Combine(directory, "cpuset.mems"), File.ReadAllText(Path.Combine(root, "cpuset", "cpuset.mems")).Trim());
                File.WriteAllText(Path.Combine(directory, "cpuset.cpus"), list);
                joins.Add(Path.Combine(directory, "cgroup.procs"));
            }
            else if (Executables.Find("taskset") is { } path)
            {
                taskset = [path, "-c", list];
            }
            else
            {
                throw Unavailable(root, "cpuset", "pin to cpus " + list);
            }
        }

        return (joins, taskset);
    }

    /// <summary>The quota for <paramref name="cores"/> per <see cref="CpuLimitGroup.PeriodMicroseconds"/>; the kernel refuses quotas under 1 ms.</summary>
    public static long QuotaMicroseconds(double cores) => Math.Max(1000, (long)Math.Round(cores * CpuLimitGroup.PeriodMicroseconds));

    private static string MakeGroup(string root, string controller, string name, string what, List<string> made)
    {
        var controllerRoot = Path.Combine(root, controller);
        if (!IsWritable(controllerRoot))
        {
            throw Unavailable(root, controller, what);
        }

        var directory = Path.Combine(controllerRoot, name);
        Directory.CreateDirectory(directory);
        made.Add(directory);
        return directory;
    }

    private static bool IsWritable(string controllerRoot) =>
        File.Exists(Path.Combine(controllerRoot, "cgroup.procs")) && Environment.UserName == "root";

    private static CpuLimitUnavailableException Unavailable(string root, string controller, string what) =>
        new($"A CPU limit of {what} needs the cgroup v1 '{controller}' controller writable at {Path.Combine(root, controller)} "
            + $"(found: {(Directory.Exists(Path.Combine(root, controller)) ? "present" : "absent")}, user '{Environment.UserName}'). "
            + "Run the command as root on a host with the cgroup v1 cpu and cpuset controllers mounted "
            + "(sudo -E dotnet run -c Release --project src/Bench -- scaling …), or inside a privileged container "
            + "(podman run --privileged --cpus N …), or install util-linux for taskset (pinning only).");
}
