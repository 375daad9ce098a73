using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// Hands out the <c>Server-Timing</c> value once: to the first response sent after the process's first inference,
/// which is the response a cold-start harness times. That response is also when the cold-start JSON line is written.
/// </summary>
public sealed class ServerTimingOnce(ColdStartTimeline timeline, IReadOnlyDictionary<string, string> context)
{
    public const string HeaderName = "Server-Timing";

    private int taken;

    /// <summary>The header value for this response, or null when it is not the first complete one.</summary>
    public string? TryTake()
    {
        if (!timeline.IsComplete || Interlocked.Exchange(ref taken, 1) != 0)
        {
            return null;
        }

        return timeline.ServerTiming();
    }

    /// <summary>Writes the cold-start line (once per process) after the timed response has been handed over.</summary>
    public void Report() => timeline.ReportOnce(context);
}
