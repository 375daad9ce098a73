using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>
/// How service time scales with an instance's cores, fitted to the measured 1→2 core speed-up S of the medians with
/// Amdahl's law: S = 1 / ((1 − p) + p/2), so the parallel fraction is p = 2(1 − 1/S), clamped to [0, 1] (a 2-core run
/// slower than 1 core, as a loaded machine can give, means p = 0). Then, for an instance with K cores:
/// <list type="bullet">
/// <item>K ≥ 2: the 2-core samples × A(K)/A(2), with A(K) = (1 − p) + p/K (K = 2 is the samples as measured);</item>
/// <item>1 ≤ K &lt; 2 (a fractional Lambda share with 2 threads): the 1-core samples × A(K);</item>
/// <item>K &lt; 1 (a fractional share, e.g. Lambda below 1769 MB): the 1-core samples ÷ K — a CPU quota stretches
/// CPU-bound time in proportion.</item>
/// </list>
/// </summary>
public sealed record AmdahlScaling(double SpeedupAt2Cores, double ParallelFraction)
{
    public static AmdahlScaling Fit(IReadOnlyList<double> samples1CoreMs, IReadOnlyList<double> samples2CoresMs)
    {
        var speedup = Median(samples1CoreMs) / Median(samples2CoresMs);
        return new AmdahlScaling(speedup, Math.Clamp(2 * (1 - (1 / speedup)), 0, 1));
    }

    /// <summary>A(K) = (1 − p) + p/K: the time at K cores as a fraction of the time at 1 core.</summary>
    public double TimeFraction(double cores) => (1 - ParallelFraction) + (ParallelFraction / cores);

    /// <summary>The factor a median service time at <paramref name="cores"/> has over the 1-core median under this fit.</summary>
    public double FactorOver1Core(double cores) => cores < 1 ? 1 / cores : TimeFraction(cores);

    public IServiceTimeDistribution ServiceTimeAt(double[] samples1CoreMs, double[] samples2CoresMs, double cores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cores);
        return cores switch
        {
            >= 2 => new EmpiricalServiceTime(samples2CoresMs, TimeFraction(cores) / TimeFraction(2)),
            >= 1 => new EmpiricalServiceTime(samples1CoreMs, TimeFraction(cores)),
            _ => new EmpiricalServiceTime(samples1CoreMs, 1 / cores),
        };
    }

    private static double Median(IReadOnlyList<double> samples) => LatencySamples.From(samples).MedianMs;
}
