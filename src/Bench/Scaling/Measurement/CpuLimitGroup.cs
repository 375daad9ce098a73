using System.Globalization;
using Toolkit.Bench.Scaling.Measurement.Internal;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Enforces a <see cref="CpuLimit"/> on processes started behind <see cref="Launcher"/>, with whichever cgroup
/// hierarchy the host mounts at <see cref="CgroupRoot"/> (cgroup v2 when its root has <c>cgroup.controllers</c>):
/// <list type="bullet">
/// <item>v1: a <c>cpu</c> child group with a CFS quota (<c>cpu.cfs_quota_us</c>) and a <c>cpuset</c> child group
/// (or <c>taskset</c> where cpuset is not writable) for pinning;</item>
/// <item>v2: one child group with <c>cpu.max</c> = "quota period" and <c>cpuset.cpus</c>, after enabling
/// <c>+cpu +cpuset</c> in the root's <c>cgroup.subtree_control</c>.</item>
/// </list>
/// The launcher is a shell that moves itself into the groups and then execs the program, so the program runs limited
/// from its first instruction (its cold start included). Dispose removes the groups; their processes must have exited.
/// <para>
/// Where the hierarchy is not writable (a user without root) a quota falls back to <see cref="SignalQuota"/>, the same
/// rule enforced by SIGSTOP/SIGCONT from this process, with pinning by <c>taskset</c>; <see cref="QuotaMechanism"/>
/// says which one a group uses, and <c>TOOLKIT_CPU_QUOTA</c> = <c>cgroup</c> or <c>signals</c> insists on one.
/// </para>
/// </summary>
public sealed class CpuLimitGroup : IDisposable
{
    /// <summary>Where Debian and most distributions mount the cgroup hierarchy (v1 controllers, or the v2 root).</summary>
    public const string CgroupRoot = "/sys/fs/cgroup";

    // 100 ms is the kernel's default CFS period: long enough that the quota's bookkeeping costs nothing, short enough
    // that a request of tens of milliseconds sees the share and not a burst followed by a stall.
    internal const int PeriodMicroseconds = 100_000;

    // cgroup v1's largest cpu.shares: a default task weighs 1024, so the limited process wins its core against the
    // dozen build and test processes the lead and other helpers may run, as a dedicated vCPU would. On a
    // machine running few other processes this changes nothing.
    public const long Weight = 262_144;

    // cgroup v2's counterpart: cpu.weight runs 1-10000 with 100 the default, so its largest is the same 100:1 and more
    // against default tasks.
    internal const long WeightV2 = 10_000;

    /// <summary>The variable that picks the quota's mechanism: <c>cgroup</c>, <c>signals</c>, or unset for cgroups when writable, else signals.</summary>
    public const string QuotaVariable = "TOOLKIT_CPU_QUOTA";

    private static int created;

    private static int fallbackAnnounced;

    private SignalQuota? signals;

    private readonly List<string> directories = [];

    private List<string> joins = [];

    private CpuLimitGroup(CpuLimit limit, string root)
    {
        Limit = limit;
        Root = root;
    }

    public CpuLimit Limit { get; }

    /// <summary>The hierarchy this group was made in.</summary>
    public string Root { get; }

    /// <summary>True when the groups were made in a cgroup v2 (unified) hierarchy.</summary>
    public bool IsV2 { get; private set; }

    /// <summary>The groups made for this limit (one with v2; one per controller with v1).</summary>
    public IReadOnlyList<string> Directories => directories;

    /// <summary>The command to put before the program: <c>sh -c '… exec "$@"' sh</c>, or <c>taskset</c>, or nothing.</summary>
    public IReadOnlyList<string> Launcher { get; private set; } = [];

    /// <summary>
    /// What enforces the quota: <c>cgroup_v1</c> (<c>cpu.cfs_quota_us</c>), <c>cgroup_v2</c> (<c>cpu.max</c>) or
    /// <c>signals</c> (<see cref="SignalQuota"/>); null without a quota.
    /// </summary>
    public string? QuotaMechanism => Limit.Cores is null ? null : signals is not null ? SignalQuota.MechanismName : IsV2 ? "cgroup_v2" : "cgroup_v1";

    /// <summary>The CFS bandwidth statistics of the quota group (<c>nr_throttled</c> etc.), empty without a quota.</summary>
    public IReadOnlyDictionary<string, long> CpuStat => signals?.CpuStat ??
        (QuotaDirectory is { } cpu && File.Exists(Path.Combine(cpu, "cpu.stat"))
            ? File.ReadAllLines(Path.Combine(cpu, "cpu.stat")).Select(l => l.Split(' ')).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal)
            : new Dictionary<string, long>());

    private string? QuotaDirectory { get; set; }

    /// <summary>True when <paramref name="root"/> is a cgroup v2 hierarchy: its root lists its controllers.</summary>
    public static bool IsUnifiedHierarchy(string root = CgroupRoot) => File.Exists(Path.Combine(root, "cgroup.controllers"));

    /// <summary>Makes the groups for <paramref name="limit"/> under <paramref name="root"/> (the host's hierarchy by default).</summary>
    /// <exception cref="CpuLimitUnavailableException">Neither cgroups nor signals and taskset can enforce the limit here.</exception>
    /// <param name="mechanism"><c>cgroup</c>, <c>signals</c>, or null for <see cref="QuotaVariable"/>'s choice.</param>
    public static CpuLimitGroup Create(CpuLimit limit, string root = CgroupRoot, string? mechanism = null)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(root);
        mechanism ??= Environment.GetEnvironmentVariable(QuotaVariable);
        if (mechanism is not (null or "" or "cgroup" or SignalQuota.MechanismName))
        {
            throw new ArgumentException($"{QuotaVariable} must be cgroup or signals (or unset); received '{mechanism}'.", nameof(mechanism));
        }

        if (limit.Cores is not null && mechanism == SignalQuota.MechanismName)
        {
            return WithSignals(limit, root);
        }

        try
        {
            return WithCgroups(limit, root);
        }
        catch (CpuLimitUnavailableException) when (limit.Cores is not null && mechanism != "cgroup" && SignalQuota.Available)
        {
            if (Interlocked.Exchange(ref fallbackAnnounced, 1) == 0)
            {
                Console.WriteLine($"scaling: user '{Environment.UserName}' cannot write the cgroup hierarchy at {root}; CPU quotas are enforced by SIGSTOP/SIGCONT from this process instead ({QuotaVariable}=cgroup refuses that).");
            }

            return WithSignals(limit, root);
        }
    }

    /// <summary>The quota by <see cref="SignalQuota"/>, pinning by taskset.</summary>
    private static CpuLimitGroup WithSignals(CpuLimit limit, string root)
    {
        string[] taskset = limit.CpuList is not { } list ? []
            : Executables.Find("taskset") is { } path ? [path, "-c", list]
            : throw new CpuLimitUnavailableException($"Pinning to cpus {list} without cgroups needs taskset (util-linux) on PATH.");
        var quota = SignalQuota.Start(limit.Cores!.Value);
        return new CpuLimitGroup(limit, root) { signals = quota, Launcher = [.. taskset, .. quota.Launcher] };
    }

    private static CpuLimitGroup WithCgroups(CpuLimit limit, string root)
    {
        var group = new CpuLimitGroup(limit, root);
        try
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"toolkit-scaling-{Environment.ProcessId}-{Interlocked.Increment(ref created)}");
            group.IsV2 = IsUnifiedHierarchy(root);
            var (joins, taskset) = group.IsV2
                ? CgroupV2Groups.Build(limit, root, name, group.directories)
                : CgroupV1Groups.Build(limit, root, name, group.directories);
            group.QuotaDirectory = group.IsV2 ? group.directories.FirstOrDefault() : group.directories.FirstOrDefault(d => d.Contains("/cpu/", StringComparison.Ordinal));
            group.joins = joins;
            var script = string.Concat(joins.Select(j => $"echo $$ > {j} && ")) + "exec \"$@\"";
            group.Launcher = joins.Count == 0 ? taskset : [.. taskset, "sh", "-c", script, "sh"];
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    /// <summary>Moves a running process, all its threads, into the groups (with taskset-only pinning, nowhere).</summary>
    public void Join(int pid)
    {
        signals?.Join(pid);
        foreach (var join in joins)
        {
            File.WriteAllText(join, pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Moves a process that <see cref="Join"/>ed back to each hierarchy's root group, so the groups can be removed.</summary>
    public void Leave(int pid)
    {
        foreach (var join in joins)
        {
            var controllerRoot = Path.GetDirectoryName(Path.GetDirectoryName(join))!;
            File.WriteAllText(Path.Combine(controllerRoot, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    public void Dispose()
    {
        signals?.Dispose();
        foreach (var directory in directories)
        {
            RemoveWhenEmpty(directory);
        }

        directories.Clear();
    }

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
