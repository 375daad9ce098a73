namespace Toolkit.Bench.Scaling.Pricing.Internal;

internal static class BillingRounding
{
    // Durations are rounded up to the billing granularity; the small tolerance keeps a duration that is a whole number of
    // units up to floating-point noise (100.0000000001 ms) from being billed one unit more.
    private const double ToleranceUnits = 1e-9;

    /// <summary>Each duration rounded up to a whole number of <paramref name="granularityMs"/>, summed, in seconds.</summary>
    public static double BilledSeconds(IEnumerable<double> durationsMs, double granularityMs)
    {
        var totalMs = 0.0;
        foreach (var durationMs in durationsMs)
        {
            if (!double.IsFinite(durationMs) || durationMs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(durationsMs), durationMs, "Billed durations must be finite and non-negative (ms).");
            }

            totalMs += granularityMs <= 0 ? durationMs : Math.Ceiling(durationMs / granularityMs - ToleranceUnits) * granularityMs;
        }

        return totalMs / 1000;
    }
}
