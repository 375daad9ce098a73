namespace Toolkit.Bench.Reporting;

/// <summary>
/// A distribution-free 95% confidence interval for a median: the order statistics whose ranks bracket n/2 by
/// 1.96·√n/2, the normal approximation to the binomial count of samples below the true median. It assumes nothing
/// about the shape of the latency distribution, which is skewed, but needs a handful of samples: below
/// <see cref="MinimumSamples"/> even the whole sample's range covers the median with less than 95% probability
/// (five samples: 1 − 2/2⁵ = 94%), and no interval is given.
/// </summary>
public static class MedianInterval
{
    /// <summary>The smallest n whose range (minimum to maximum) covers the median with at least 95% probability.</summary>
    public const int MinimumSamples = 6;

    private const double Z95 = 1.959964;

    /// <returns>[low, high] in the samples' unit, or null with fewer than <see cref="MinimumSamples"/> samples.</returns>
    public static double[]? Of(IReadOnlyCollection<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var n = samples.Count;
        if (n < MinimumSamples)
        {
            return null;
        }

        var sorted = samples.Order().ToArray();
        var half = Z95 * Math.Sqrt(n) / 2;
        // 1-based ranks j = n/2 − z√n/2 and k = 1 + n/2 + z√n/2, rounded to the nearest rank; the array is 0-based.
        var low = Math.Max(1, (int)Math.Round(n / 2.0 - half, MidpointRounding.AwayFromZero));
        var high = Math.Min(n, (int)Math.Round(1 + n / 2.0 + half, MidpointRounding.AwayFromZero));
        return [sorted[low - 1], sorted[high - 1]];
    }
}
