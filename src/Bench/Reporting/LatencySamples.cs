using System.Diagnostics;

namespace Toolkit.Bench.Reporting;

/// <summary>Repeated timings of one operation after warm-up, summarized as median and p95 (raw samples kept for JSON).</summary>
public sealed class LatencySamples
{
    private LatencySamples(double[] samplesMs) => SamplesMs = samplesMs;

    public double[] SamplesMs { get; }

    /// <summary>Samples timed elsewhere (one per fresh process, for example).</summary>
    public static LatencySamples From(IEnumerable<double> samplesMs) => new([.. samplesMs]);

    public double MedianMs => Percentile(0.50);

    public double P95Ms => Percentile(0.95);

    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then times it until it has
    /// <paramref name="minSamples"/> samples and <paramref name="minSeconds"/> have passed, or
    /// <paramref name="maxSamples"/> samples.
    /// </summary>
    public static LatencySamples Measure(Action action, int warmup, int minSamples, int maxSamples, double minSeconds)
    {
        for (var i = 0; i < warmup; i++)
        {
            action();
        }

        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < maxSamples && (samples.Count < minSamples || total.Elapsed.TotalSeconds < minSeconds))
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return new LatencySamples([.. samples]);
    }

    /// <summary>The nearest-rank percentile of the samples.</summary>
    public double Percentile(double fraction)
    {
        var sorted = SamplesMs.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
