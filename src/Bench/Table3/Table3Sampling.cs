using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Table3;

/// <summary>How many timed runs one table3 configuration gets; shared by the in-process engines and the torchsharp child.</summary>
public static class Table3Sampling
{
    /// <summary>
    /// A quick run times each configuration for at least 1 s and 10 samples (at most 50), a full one for 4 s and 30
    /// (at most 300), after a warm-up. A configuration too slow for that many samples in twice that time (the scalar
    /// tier of InceptionV3 and YOLOv5s takes seconds per inference) gets as many as fit, at least one (quick) or three
    /// (full), and its first run, already done, is its warm-up: the default run's Table 3 of every model stays within
    /// a few minutes.
    /// </summary>
    public static LatencySamples Sample(Action run, double firstRunMs, bool quick)
    {
        var (minSeconds, fewest, most, warmup) = quick ? (1.0, 10, 50, 1) : (4.0, 30, 300, 3);
        var affordable = (int)Math.Min(2_000 * minSeconds / Math.Max(firstRunMs, 1e-3), most);
        if (affordable >= fewest)
        {
            return LatencySamples.Measure(run, warmup, fewest, most, minSeconds);
        }

        var count = Math.Max(affordable, quick ? 1 : 3);
        return LatencySamples.Measure(run, warmup: 0, count, count, minSeconds: 0);
    }
}
