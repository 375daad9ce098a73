using System.Collections.Concurrent;
using System.Globalization;
using Toolkit.Bench.Scaling.Measurement.Internal;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// A CPU quota without root: the CFS bandwidth rule (<see cref="BandwidthLedger"/>: so many ms of CPU per 100 ms
/// period, overruns paid from the next periods) enforced from this process by stopping the group's processes with
/// SIGSTOP once their CPU clocks have spent the period's quota and resuming them with SIGCONT when the next period
/// begins. Any user may signal and read the CPU clock of their own children, so it needs no cgroup and no privilege.
/// <para>
/// Processes join by running behind <see cref="Launcher"/>: a shell that creates a file named by its pid in
/// <see cref="JoinDirectory"/> and execs the program; a watcher hands the pid to the throttling thread at once, and the
/// CPU the process used before that is charged too. Differences from the kernel's quota: the stop lands up to
/// <see cref="BandwidthLedger.MinimumLookNs"/> (plus this thread's wake-up delay) late, the processes stop as a whole
/// rather than per core, and children a joined process forks are not counted (the bootstrap forks none).
/// </para>
/// </summary>
public sealed class SignalQuota : IDisposable
{
    /// <summary>How the rows name this mechanism.</summary>
    public const string MechanismName = "signals";

    private static int created;

    private readonly BandwidthLedger ledger;
    private readonly FileSystemWatcher watcher;
    private readonly ConcurrentQueue<int> joining = new();
    private readonly AutoResetEvent wake = new(false);
    private readonly List<int> members = [];
    private readonly Dictionary<int, long> lastCpuNs = [];
    private readonly Thread thread;
    private volatile bool disposed;
    private long retiredCpuNs;

    private SignalQuota(double cores, string directory)
    {
        Cores = cores;
        JoinDirectory = directory;
        ledger = new BandwidthLedger(CgroupV1Groups.QuotaMicroseconds(cores) * 1000L, CpuLimitGroup.PeriodMicroseconds * 1000L, Environment.ProcessorCount);
        watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName };
        watcher.Created += (_, e) => Join(int.Parse(e.Name!, NumberStyles.None, CultureInfo.InvariantCulture));
        watcher.EnableRaisingEvents = true;
        thread = new Thread(Run) { IsBackground = true, Name = "signal-quota" };
        thread.Start();
    }

    /// <summary>True where this machine can run it (Linux with the process CPU clock).</summary>
    public static bool Available => PosixProcesses.Available;

    public double Cores { get; }

    /// <summary>Where the launcher announces a process by creating a file named by its pid.</summary>
    public string JoinDirectory { get; }

    /// <summary>The command to put before the program: <c>sh -c ': > DIR/$$ &amp;&amp; exec "$@"' sh</c>.</summary>
    public IReadOnlyList<string> Launcher => ["sh", "-c", $": > {JoinDirectory}/$$ && exec \"$@\"", "sh"];

    /// <summary>The kernel's names for the same statistics: <c>nr_periods</c>, <c>nr_throttled</c>, <c>throttled_usec</c>.</summary>
    public IReadOnlyDictionary<string, long> CpuStat
    {
        get
        {
            lock (ledger)
            {
                return new Dictionary<string, long>(StringComparer.Ordinal)
                {
                    ["nr_periods"] = ledger.Periods,
                    ["nr_throttled"] = ledger.ThrottledPeriods,
                    ["throttled_usec"] = ledger.ThrottledNs / 1000,
                };
            }
        }
    }

    /// <exception cref="CpuLimitUnavailableException">This machine has no process CPU clock to read (not Linux).</exception>
    public static SignalQuota Start(double cores)
    {
        if (!Available)
        {
            throw new CpuLimitUnavailableException($"A CPU quota by signals needs Linux's per-process CPU clock (clock_getcpuclockid); this is {Environment.OSVersion}.");
        }

        var directory = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"toolkit-quota-{Environment.ProcessId}-{Interlocked.Increment(ref created)}"));
        Directory.CreateDirectory(directory);
        return new SignalQuota(cores, directory);
    }

    /// <summary>Puts a running process (all its threads) under the quota; its CPU since its start counts.</summary>
    public void Join(int pid)
    {
        joining.Enqueue(pid);
        wake.Set();
    }

    /// <summary>Stops throttling and resumes every process still stopped, so it can finish or be killed.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        watcher.Dispose();
        wake.Set();
        thread.Join();
        foreach (var pid in members)
        {
            PosixProcesses.Signal(pid, PosixProcesses.SignalContinue);
        }

        wake.Dispose();
        Directory.Delete(JoinDirectory, recursive: true);
    }

    private void Run()
    {
        while (!disposed)
        {
            while (joining.TryDequeue(out var pid))
            {
                members.Add(pid);
                if (ledger.Stopped)
                {
                    PosixProcesses.Signal(pid, PosixProcesses.SignalStop);
                }
            }

            if (members.Count == 0)
            {
                wake.WaitOne();
                continue;
            }

            (QuotaAction Action, long NextLookNs) look;
            lock (ledger)
            {
                look = ledger.Look(PosixProcesses.MonotonicNs(), GroupCpuNs());
            }

            if (look.Action != QuotaAction.None)
            {
                var signal = look.Action == QuotaAction.Stop ? PosixProcesses.SignalStop : PosixProcesses.SignalContinue;
                foreach (var pid in members)
                {
                    PosixProcesses.Signal(pid, signal);
                }
            }

            PosixProcesses.SleepUntil(look.NextLookNs);
        }
    }

    /// <summary>The members' CPU in all; a process that has gone keeps what it used, read at its last look.</summary>
    private long GroupCpuNs()
    {
        var total = retiredCpuNs;
        for (var i = members.Count - 1; i >= 0; i--)
        {
            var pid = members[i];
            if (PosixProcesses.TryReadCpuNs(pid, out var cpuNs))
            {
                lastCpuNs[pid] = cpuNs;
                total += cpuNs;
            }
            else
            {
                retiredCpuNs += lastCpuNs.GetValueOrDefault(pid);
                total += lastCpuNs.GetValueOrDefault(pid);
                lastCpuNs.Remove(pid);
                members.RemoveAt(i);
            }
        }

        return total;
    }
}
