namespace Toolkit.Bench.Kernels;

/// <summary>
/// Times every contestant of one GEMM shape in interleaved rounds: each round takes one sample of each (the order
/// rotating from round to round), a sample being enough back-to-back calls to last about <see cref="SampleSeconds"/>
/// after warm-up. A shared machine slows down in bursts of a second or more; interleaved, a burst falls on
/// every contestant of its round alike instead of on all samples of one, so the medians stay comparable side by side.
/// Each sample of one of our tiers is paired with a sample of that tier's peak taken right before it; the
/// efficiency is the median of the pairs' ratios.
/// </summary>
public sealed class GemmTimer(int samples, double sampleSeconds)
{
    public int Samples { get; } = samples;

    public double SampleSeconds { get; } = sampleSeconds;

    public IReadOnlyList<GemmTiming> Measure(GemmShape shape, IReadOnlyList<GemmContestant> contestants)
    {
        ArgumentNullException.ThrowIfNull(contestants);
        var calls = contestants.Select(CallsPerSample).ToArray();
        var gflops = contestants.Select(_ => new double[Samples]).ToArray();
        var peaks = contestants.Select(_ => new double[Samples]).ToArray();
        var efficiencies = contestants.Select(_ => new double[Samples]).ToArray();
        for (var s = 0; s < Samples; s++)
        {
            for (var k = 0; k < contestants.Count; k++)
            {
                var i = (s + k) % contestants.Count;
                var contestant = contestants[i];
                if (contestant.SamplePeak is { } samplePeak)
                {
                    peaks[i][s] = samplePeak();
                }

                var start = ThreadClock.NowSeconds();
                for (var call = 0; call < calls[i]; call++)
                {
                    contestant.Call();
                }

                gflops[i][s] = shape.Flops * calls[i] / (ThreadClock.NowSeconds() - start) / 1e9;
                efficiencies[i][s] = gflops[i][s] / peaks[i][s];
            }
        }

        return [.. contestants.Select((c, i) => c.SamplePeak is null
            ? new GemmTiming(Statistics.Median(gflops[i]), null, null)
            : new GemmTiming(Statistics.Median(gflops[i]), Statistics.Median(peaks[i]), Statistics.Median(efficiencies[i])))];
    }

    /// <summary>
    /// How many calls fill a sample, from a call timed after an untimed warm-up call: the first call of a contestant
    /// allocates scratch and JIT-compiles, and timed alone it made samples a few calls short, which then measured mostly
    /// the switch from the previous contestant.
    /// </summary>
    private int CallsPerSample(GemmContestant contestant)
    {
        contestant.Call();
        var start = ThreadClock.NowSeconds();
        contestant.Call();
        var callSeconds = Math.Max(ThreadClock.NowSeconds() - start, 1e-7);
        return (int)Math.Clamp(SampleSeconds / callSeconds, 1, 100_000);
    }
}

/// <summary>Medians over the samples: GEMM GFLOP/s, and for our tiers the paired FMA-peak GFLOP/s and the paired ratio.</summary>
public readonly record struct GemmTiming(double Gflops, double? PeakGflops, double? Efficiency);
