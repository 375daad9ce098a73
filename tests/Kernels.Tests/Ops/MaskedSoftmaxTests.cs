using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class MaskedSoftmaxTests
{
    private const float Padding = -10000f; // BERT's additive mask for a padded key

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Matches_the_double_reference_for_every_row_length(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var rowLength in TestData.Lengths.Where(n => n > 0))
        {
            const int rows = 3;
            const float scale = 0.125f;
            var x = TestData.Random(rows * rowLength, rowLength, -40f, 40f);
            var bias = MaskBias(rowLength, (rowLength * 2 / 3) + 1);
            var y = new float[x.Length];
            Primitives.MaskedSoftmax(cpu, x, bias, scale, y, rowLength);

            var expected = Reference(x, bias, scale, rowLength);

            // As the plain softmax (|x·scale − max| ≤ 10 units of 2^-24 here, exp 3 units, the sum n, the division 1),
            // plus the rounding of x·scale + bias: masked columns come out exactly 0 on both sides.
            var tolerance = (10 + 4 + 2 + rowLength) * TestData.UnitRoundoff;
            TestData.AssertClose(expected, y, i => (tolerance * expected[i]) + 1e-30, $"MaskedSoftmax on {isa}, row length {rowLength}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Padded_columns_get_exactly_zero_and_rows_sum_to_one(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        const int rowLength = 53;
        var x = TestData.Random(rowLength * 5, 9, -8f, 8f);
        var bias = MaskBias(rowLength, 20);
        var y = new float[x.Length];
        Primitives.MaskedSoftmax(cpu, x, bias, 1f, y, rowLength);

        for (var r = 0; r < 5; r++)
        {
            var row = y.AsSpan(r * rowLength, rowLength);
            Assert.All(row[20..].ToArray(), v => Assert.Equal(0f, v));
            Assert.InRange(row.ToArray().Sum(), 1f - 1e-5f, 1f + 1e-5f);
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Threads_and_in_place_give_identical_results(Isa isa)
    {
        const int rowLength = 37;
        var x = TestData.Random(rowLength * 11, 5);
        var bias = MaskBias(rowLength, 30);
        var single = new float[x.Length];
        using (var cpu = CpuContext.Create(isa))
        {
            Primitives.MaskedSoftmax(cpu, x, bias, 0.25f, single, rowLength);
        }

        foreach (var threads in new[] { 2, 3 })
        {
            using var cpu = CpuContext.Create(isa, threads);
            var copy = (float[])x.Clone();
            Primitives.MaskedSoftmax(cpu, copy, bias, 0.25f, copy, rowLength);
            TestData.AssertIdentical(single, copy, $"MaskedSoftmax on {isa} with {threads} threads, in place");
        }
    }

    [Fact]
    public void Bad_lengths_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Equal("maskBias", Assert.Throws<ArgumentException>(() => Primitives.MaskedSoftmax(cpu, new float[8], new float[3], 1f, new float[8], 4)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Primitives.MaskedSoftmax(cpu, new float[9], new float[4], 1f, new float[9], 4)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.MaskedSoftmax(cpu, new float[8], new float[4], 1f, new float[4], 4)).ParamName);
    }

    /// <summary>0 for the first <paramref name="tokens"/> columns, BERT's −10000 for the padding after them.</summary>
    internal static float[] MaskBias(int length, int tokens) => [.. Enumerable.Range(0, length).Select(i => i < tokens ? 0f : Padding)];

    private static double[] Reference(float[] x, float[] bias, float scale, int rowLength)
    {
        var result = new double[x.Length];
        for (var start = 0; start < x.Length; start += rowLength)
        {
            var z = Enumerable.Range(0, rowLength).Select(i => ((double)x[start + i] * scale) + bias[i]).ToArray();
            var max = z.Max();
            var sum = z.Sum(v => Math.Exp(v - max));
            for (var i = 0; i < rowLength; i++)
            {
                result[start + i] = Math.Exp(z[i] - max) / sum;
            }
        }

        return result;
    }
}
