using System.Globalization;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Enforces a <see cref="CpuLimit"/> on processes started behind <see cref="Launcher"/>: a cgroup v1 <c>cpu</c> child
/// group with a CFS quota, and a <c>cpuset</c> child group (or <c>taskset</c> where cpuset is not writable) for pinning.
/// The launcher is a shell that moves itself into the groups and then execs the program, so the program runs limited
/// from its first instruction (its cold start included). Dispose removes the groups; their processes must have exited.
/// </summary>
public sealed class CpuLimitGroup : IDisposable
{
    /// <summary>Where cgroup v1 mounts its controllers on Debian and most distributions with the legacy hierarchy.</summary>
    public const string CgroupRoot = "/sys/fs/cgroup";

    // 100 ms is the kernel's default CFS period: long enough that the quota's bookkeeping costs nothing, short enough
    // that a request of tens of milliseconds sees the share and not a burst followed by a stall.
    private const int PeriodMicroseconds = 100_000;

    // cgroup v1's largest cpu.shares: a default task weighs 1024, so the limited process wins its core against the
    // dozen build and test processes the lead and other helpers may run, as a dedicated vCPU would. On a
    // machine running few other processes this changes nothing.
    public const long Weight = 262_144;

    private static int created;

    private readonly List<string> directories = [];

    private CpuLimitGroup(CpuLimit limit) => Limit = limit;

    public CpuLimit Limit { get; }

    /// <summary>The command to put before the program: <c>sh -c '… exec "$@"' sh</c>, or <c>taskset</c>, or nothing.</summary>
    public IReadOnlyList<string> Launcher { get; private set; } = [];

    /// <summary>The CFS bandwidth statistics of the quota group (<c>nr_throttled</c> etc.), empty without a quota.</summary>
    public IReadOnlyDictionary<string, long> CpuStat =>
        directories.FirstOrDefault(d => d.Contains("/cpu/", StringComparison.Ordinal)) is { } cpu && File.Exists(Path.Combine(cpu, "cpu.stat"))
            ? File.ReadAllLines(Path.Combine(cpu, "cpu.stat")).Select(l => l.Split(' ')).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal)
            : new Dictionary<string, long>();

    /// <exception cref="CpuLimitUnavailableException">Neither cgroups nor taskset can enforce the limit here.</exception>
    public static CpuLimitGroup Create(CpuLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var group = new CpuLimitGroup(limit);
        try
        {
            group.Build();
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var directory in directories)
        {
            RemoveWhenEmpty(directory);
        }

        directories.Clear();
    }

    private void Build()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"toolkit-scaling-{Environment.ProcessId}-{Interlocked.Increment(ref created)}");
        var joins = new List<string>();
        string[] taskset = [];
        // A group in the cpu controller even without a quota: its weight keeps other work on this shared machine from
        // taking the cores a platform would dedicate. Without a quota and without that controller, pinning still works.
        if (Limit.Cores is not null || IsWritable(Path.Combine(CgroupRoot, "cpu")))
        {
            var directory = MakeGroup("cpu", name, Limit.Cores is { } c ? c.ToString(CultureInfo.InvariantCulture) + " cores" : "a CPU weight");
            File.WriteAllText(Path.Combine(directory, "cpu.shares"), Weight.ToString(CultureInfo.InvariantCulture));
            if (Limit.Cores is { } cores)
            {
                File.WriteAllText(Path.Combine(directory, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
                // The kernel refuses quotas under 1 ms.
                var quota = Math.Max(1000, (long)Math.Round(cores * PeriodMicroseconds));
                File.WriteAllText(Path.Combine(directory, "cpu.cfs_quota_us"), quota.ToString(CultureInfo.InvariantCulture));
            }

            joins.Add(Path.Combine(directory, "cgroup.procs"));
        }

        if (Limit.CpuList is { } list)
        {
            if (IsWritable(Path.Combine(CgroupRoot, "cpuset")))
            {
                var directory = MakeGroup("cpuset", name, "cpus " + list);
                // A cpuset group takes no task until it has memory nodes: give it its parent's.
                File.WriteAllText(Path.Combine(directory, "cpuset.mems"), File.ReadAllText(Path.Combine(CgroupRoot, "cpuset", "cpuset.mems")).Trim());
                File.WriteAllText(Path.Combine(directory, "cpuset.cpus"), list);
                joins.Add(Path.Combine(directory, "cgroup.procs"));
            }
            else if (Internal.Executables.Find("taskset") is { } path)
            {
                taskset = [path, "-c", list];
            }
            else
            {
                throw Unavailable("cpuset", "pin to cpus " + list);
            }
        }

        var script = string.Concat(joins.Select(j => $"echo $$ > {j} && ")) + "exec \"$@\"";
        Launcher = joins.Count == 0 ? taskset : [.. taskset, "sh", "-c", script, "sh"];
    }

    private string MakeGroup(string controller, string name, string what)
    {
        var root = Path.Combine(CgroupRoot, controller);
        if (!IsWritable(root))
        {
            throw Unavailable(controller, what);
        }

        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        directories.Add(directory);
        return directory;
    }

    private static bool IsWritable(string controllerRoot) =>
        File.Exists(Path.Combine(controllerRoot, "cgroup.procs")) && Environment.UserName == "root";

    private static CpuLimitUnavailableException Unavailable(string controller, string what) =>
        new($"A CPU limit of {what} needs the cgroup v1 '{controller}' controller writable at {Path.Combine(CgroupRoot, controller)} "
            + $"(found: {(Directory.Exists(Path.Combine(CgroupRoot, controller)) ? "present" : "absent")}, user '{Environment.UserName}'). "
            + "Run the command as root on a host with the cgroup v1 cpu and cpuset controllers mounted "
            + "(sudo -E dotnet run -c Release --project src/Bench -- scaling …), or inside a privileged container "
            + "(podman run --privileged --cpus N …), or install util-linux for taskset (pinning only).");

    /// <summary>
    /// rmdir succeeds once the group's last process has gone; a killed child may take a moment to be reaped, so this
    /// retries for a second and then reports the leftover group instead of hiding it.
    /// </summary>
    private static void RemoveWhenEmpty(string directory)
    {
        for (var attempt = 0; Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(20);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"scaling: could not remove the cgroup {directory} ({e.Message}); remove it with: rmdir {directory}");
                return;
            }
        }
    }
}
