namespace Toolkit.Kernels.Tensors;

/// <summary>How far one engine's output is from another's.</summary>
public static class TensorComparison
{
    /// <summary>max|actual − expected| ÷ max|expected| over all elements (the absolute difference when expected is all zero).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double RelativeDifference(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new ArgumentException($"Cannot compare {actual.Length} values with {expected.Length}.", nameof(actual));
        }

        double maxDiff = 0, maxReference = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxReference = Math.Max(maxReference, Math.Abs((double)expected[i]));
        }

        return maxReference == 0 ? maxDiff : maxDiff / maxReference;
    }

    /// <summary>The index of the largest value (the top-1 class of a probability vector).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
