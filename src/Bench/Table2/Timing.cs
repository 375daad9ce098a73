using System.Diagnostics;

namespace Toolkit.Bench.Table2;

/// <summary>Median wall time of repeated runs after one warm-up, within a time budget.</summary>
public static class Timing
{
    /// <summary>Runs <paramref name="action"/> once to warm up, then up to <paramref name="runs"/> times (at least
    /// three, fewer once <paramref name="budgetMs"/> is spent) and returns the median in microseconds.</summary>
    public static double MedianUs(Action action, int runs, double budgetMs)
    {
        action();
        var samples = new List<double>(runs);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            if (i >= 2 && total.Elapsed.TotalMilliseconds > budgetMs)
            {
                break;
            }
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}
