using System.Runtime.InteropServices;

namespace Toolkit.Bench.Scaling.Measurement.Internal;

/// <summary>
/// The few libc calls <see cref="SignalQuota"/> needs and .NET does not offer: another process's CPU clock (all its
/// threads, in ns, readable by any user), job-control signals, and a sleep to an absolute monotonic time finer than a
/// millisecond.
/// </summary>
internal static partial class PosixProcesses
{
    public const int SignalStop = 19;
    public const int SignalContinue = 18;

    private const int MonotonicClock = 1;
    private const int AbsoluteTime = 1;
    private const int Interrupted = 4;

    /// <summary>True where the calls exist and the process CPU clock reads (Linux).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>The CPU time <paramref name="pid"/> has used since it started, all threads; false once it is gone.</summary>
    public static bool TryReadCpuNs(int pid, out long cpuNs)
    {
        cpuNs = 0;
        if (GetCpuClockId(pid, out var clock) != 0 || ClockGetTime(clock, out var time) != 0)
        {
            return false;
        }

        cpuNs = (time.Seconds * 1_000_000_000) + time.Nanoseconds;
        return true;
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone (or not ours).</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    public static long MonotonicNs()
    {
        ClockGetTime(MonotonicClock, out var time);
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    /// <summary>Sleeps until the monotonic clock reads <paramref name="monotonicNs"/> (returns at once when it has passed).</summary>
    public static void SleepUntil(long monotonicNs)
    {
        var until = new Timespec { Seconds = monotonicNs / 1_000_000_000, Nanoseconds = monotonicNs % 1_000_000_000 };
        while (ClockNanoSleep(MonotonicClock, AbsoluteTime, in until, IntPtr.Zero) == Interrupted)
        {
        }
    }

    private static bool Probe()
    {
        try
        {
            return TryReadCpuNs(Environment.ProcessId, out _);
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_getcpuclockid")]
    private static partial int GetCpuClockId(int pid, out int clock);

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanoSleep(int clock, int flags, in Timespec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
