using System.Globalization;

namespace Toolkit.Bench.Scaling.Measurement.Internal;

/// <summary>
/// The cgroup v2 group for a <see cref="CpuLimit"/>: one child of the unified hierarchy's root with the controllers it
/// needs enabled in the root's <c>cgroup.subtree_control</c>; <c>cpu.weight</c> (always), <c>cpu.max</c> = "quota
/// period" for a quota and <c>cpuset.cpus</c> for pinning. (Its <c>cpuset.mems</c> stays empty: v2 then uses the
/// parent's memory nodes, which v1 had to be told.)
/// </summary>
internal static class CgroupV2Groups
{
    /// <summary>Makes the group (added to <paramref name="made"/>) and returns its <c>cgroup.procs</c> to join.</summary>
    /// <exception cref="CpuLimitUnavailableException">The hierarchy is not writable or lacks a controller the limit needs.</exception>
    public static (List<string> Joins, string[] Taskset) Build(CpuLimit limit, string root, string name, List<string> made)
    {
        var subtreeControl = Path.Combine(root, "cgroup.subtree_control");
        if (!File.Exists(Path.Combine(root, "cgroup.procs")) || !File.Exists(subtreeControl) || !CanWrite(subtreeControl))
        {
            throw Unavailable(root, "a writable hierarchy", limit);
        }

        var available = Words(Path.Combine(root, "cgroup.controllers"));
        var needed = new List<string> { "cpu" };
        if (limit.CpuList is not null)
        {
            needed.Add("cpuset");
        }

        foreach (var controller in needed)
        {
            if (!available.Contains(controller))
            {
                throw Unavailable(root, $"the '{controller}' controller in cgroup.controllers (found: {string.Join(' ', available)})", limit);
            }

            // One controller per write: the kernel rejects the whole line when any part fails, and this names it.
            if (!Words(subtreeControl).Contains(controller))
            {
                File.AppendAllText(subtreeControl, $"+{controller}\n");
            }
        }

        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        made.Add(directory);
        File.WriteAllText(Path.Combine(directory, "cpu.weight"), CpuLimitGroup.WeightV2.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(directory, "cpu.max"), CpuMax(limit.Cores));
        if (limit.CpuList is { } list)
        {
            File.WriteAllText(Path.Combine(directory, "cpuset.cpus"), list);
        }

        return ([Path.Combine(directory, "cgroup.procs")], []);
    }

    /// <summary><c>cpu.max</c>: "quota period" in µs, or "max period" without a quota.</summary>
    public static string CpuMax(double? cores) =>
        string.Create(CultureInfo.InvariantCulture, $"{(cores is { } c ? CgroupV1Groups.QuotaMicroseconds(c).ToString(CultureInfo.InvariantCulture) : "max")} {CpuLimitGroup.PeriodMicroseconds}");

    private static HashSet<string> Words(string path) =>
        File.Exists(path) ? [.. File.ReadAllText(path).Split((char[])[' ', '\n', '+'], StringSplitOptions.RemoveEmptyEntries)] : [];

    private static bool CanWrite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static CpuLimitUnavailableException Unavailable(string root, string what, CpuLimit limit) =>
        new($"A CPU limit of {limit} on cgroup v2 needs {what} at {root} (user '{Environment.UserName}'). "
            + "Run the command as root (sudo -E dotnet run -c Release --project src/Bench -- scaling …), or inside a "
            + "privileged container (podman run --privileged --cpus N …) whose cgroup namespace delegates cpu and cpuset.");
}
