using System.Globalization;

namespace Toolkit.Bootstrap.Timeline;

/// <summary>A <c>Server-Timing</c> value from named durations: <c>name;dur=ms</c> entries joined by ", ".</summary>
public static class ServerTimingEntries
{
    public static string Join(IEnumerable<(string Name, double DurationMs)> entries) =>
        string.Join(", ", entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Name};dur={e.DurationMs:0.###}")));
}
