using System.Diagnostics;

namespace Toolkit.Bench.Table2;

/// <summary>A baseline and a candidate timed in alternation: each round runs one, then the other, so that a slow
/// spell of a shared machine falls on both halves of the same pair. The ratio reported is the median of the
/// per-round ratios, not the ratio of two medians taken minutes apart.</summary>
public static class PairedTiming
{
    /// <summary>Warms both up once, then runs up to <paramref name="rounds"/> rounds (at least five, fewer once
    /// <paramref name="budgetMs"/> is spent), each timed in this process's CPU time when <paramref name="cpuTime"/>
    /// (single-threaded loops of tens of milliseconds, where time slices given to other processes must not count),
    /// else in wall time.</summary>
    public static PairedResult Measure(Action baseline, Action candidate, int rounds, double budgetMs, bool cpuTime)
    {
        baseline();
        candidate();
        var baselineUs = new List<double>(rounds);
        var candidateUs = new List<double>(rounds);
        var ratios = new List<double>(rounds);
        var total = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which one goes first, so neither always runs right after the other's allocations.
            var (first, second) = round % 2 == 0 ? (baseline, candidate) : (candidate, baseline);
            var firstUs = Time(first, cpuTime);
            var secondUs = Time(second, cpuTime);
            var (b, c) = round % 2 == 0 ? (firstUs, secondUs) : (secondUs, firstUs);
            baselineUs.Add(b);
            candidateUs.Add(c);
            ratios.Add(b / c);
            if (round >= 4 && total.Elapsed.TotalMilliseconds > budgetMs)
            {
                break;
            }
        }

        return new PairedResult(Median(baselineUs), Median(candidateUs), Median(ratios), ratios.Count);
    }

    private static double Time(Action action, bool cpuTime)
    {
        if (!cpuTime)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - cpuStart).TotalMicroseconds;
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}

/// <summary>Medians of each side and of the per-round speed-up (baseline time ÷ candidate time).</summary>
public readonly record struct PairedResult(double BaselineUs, double CandidateUs, double Speedup, int Rounds);
