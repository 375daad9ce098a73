using Xunit.Sdk;

namespace Toolkit.Kernels.Tests.Infrastructure;

/// <summary>Seeded inputs, the length sweep, and element-by-element comparison with a stated tolerance.</summary>
public static class TestData
{
    /// <summary>One float32 unit in the last place relative to 1 (2^-24 is half of it: the unit round-off).</summary>
    public const double UnitRoundoff = 1.0 / (1 << 24);

    /// <summary>
    /// Lengths 0 to 70, which gives every tail length of every width (up to 16 lanes) several times over, plus one large
    /// length that is not a multiple of any width.
    /// </summary>
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 71).Append(4099);

    public static float[] Random(int length, int seed, float min = -4f, float max = 4f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = min + ((max - min) * random.NextSingle());
        }

        return values;
    }

    /// <summary>Asserts |actual[i] − expected[i]| ≤ tolerance(i) for every i, naming the first element that fails.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, Func<int, double> tolerance, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance(i)) && !(double.IsNaN(expected[i]) && float.IsNaN(actual[i])) && expected[i] != actual[i])
            {
                throw new XunitException($"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {error:G3}, tolerance {tolerance(i):G3}).");
            }
        }
    }

    /// <summary>Asserts bit-for-bit equality, naming the first element that differs.</summary>
    public static void AssertIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                throw new XunitException($"{context}: element {i} is {actual[i]:R}, expected exactly {expected[i]:R}.");
            }
        }
    }
}
