using System.Diagnostics;
using System.Globalization;

namespace Toolkit.Bootstrap.Timeline;

/// <summary>
/// Times on the monotonic clock since boot, in milliseconds. <see cref="Stopwatch"/> reads CLOCK_MONOTONIC on Linux,
/// and the kernel's process start time (/proc/self/stat, field 22) counts clock ticks on the same base.
/// </summary>
public static class ProcessClock
{
    /// <summary>USER_HZ: the unit of /proc start times. 100 on every mainstream Linux build.</summary>
    private const double ClockTicksPerSecond = 100;

    public static double NowMs() => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    /// <summary>When the kernel started this process (10 ms resolution), or null off Linux.</summary>
    public static double? ProcessStartMs()
    {
        const string stat = "/proc/self/stat";
        if (!File.Exists(stat))
        {
            return null;
        }

        // Field 2 (the command name) may hold spaces and parentheses, so count fields after its closing parenthesis.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        return long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) ? ticks * 1000 / ClockTicksPerSecond : null;
    }
}
