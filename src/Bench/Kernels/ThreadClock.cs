using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// Seconds of CPU time the calling thread has used (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), falling back to the wall
/// clock elsewhere. Single-threaded kernel timings use it so that another tenant preempting this thread on a shared
/// machine does not count as kernel time; it cannot remove the slowdown of a busy sibling hyper-thread.
/// </summary>
public static partial class ThreadClock
{
    private const int ThreadCpuTimeClock = 3;

    public static bool IsThreadCpuTime { get; } = OperatingSystem.IsLinux() && TryRead(out _);

    /// <summary>What <see cref="NowSeconds"/> measures, for report headers.</summary>
    public static string Description => IsThreadCpuTime ? "thread CPU time" : "wall clock";

    public static double NowSeconds() =>
        IsThreadCpuTime && TryRead(out var seconds) ? seconds : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    private static bool TryRead(out double seconds)
    {
        try
        {
            if (ClockGetTime(ThreadCpuTimeClock, out var time) == 0)
            {
                seconds = time.Seconds + (time.Nanoseconds * 1e-9);
                return true;
            }
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }

        seconds = 0;
        return false;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
