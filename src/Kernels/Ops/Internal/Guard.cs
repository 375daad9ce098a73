namespace Toolkit.Kernels.Ops.Internal;

/// <summary>Argument checks shared by the kernels; every message names the argument, the expected value and what was received.</summary>
internal static class Guard
{
    public static void Length(int actual, long expected, string name, string expectedText)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has length {actual}; expected {expected} ({expectedText}).", name);
        }
    }

    /// <summary>An output may alias its input exactly (in place), but not partly: a shifted overlap would read values already written.</summary>
    public static void NoPartialOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string outputName)
    {
        if (input.Overlaps(output, out var offset) && offset != 0)
        {
            throw new ArgumentException($"{outputName} overlaps its input shifted by {offset} elements; expected the same span (in place) or no overlap.", outputName);
        }
    }

    public static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive; received {value}.");
        }
    }

    public static void NotNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative; received {value}.");
        }
    }
}
