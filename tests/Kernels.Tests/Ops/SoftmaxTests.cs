using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class SoftmaxTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Matches_the_double_reference_for_every_row_length(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var rowLength in TestData.Lengths.Where(n => n > 0))
        {
            const int rows = 3;
            var x = TestData.Random(rows * rowLength, rowLength, -8f, 8f);
            x[0] = 60f; // a large logit: without the max subtraction e^x would lose the rest of the row
            var y = new float[x.Length];
            Primitives.Softmax(cpu, x, y, rowLength);

            var expected = Reference(x, rowLength);

            // Each e^(x − max) carries the rounding of x − max (up to |x − max| = 68 units of 2^-24 relative), the exp's
            // own error (about 3 units), and the sum adds at most n more; the division one more.
            var tolerance = (68 + 4 + rowLength) * TestData.UnitRoundoff;
            TestData.AssertClose(expected, y, i => (tolerance * expected[i]) + 1e-30, $"Softmax on {isa}, row length {rowLength}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Threads_and_in_place_give_identical_results(Isa isa)
    {
        const int rowLength = 37;
        var x = TestData.Random(rowLength * 11, 5);
        var single = new float[x.Length];
        using (var cpu = CpuContext.Create(isa))
        {
            Primitives.Softmax(cpu, x, single, rowLength);
        }

        foreach (var threads in new[] { 2, 3 })
        {
            using var cpu = CpuContext.Create(isa, threads);
            var copy = (float[])x.Clone();
            Primitives.Softmax(cpu, copy, copy, rowLength);
            TestData.AssertIdentical(single, copy, $"Softmax on {isa} with {threads} threads, in place");
        }
    }

    [Fact]
    public void Bad_lengths_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Primitives.Softmax(cpu, new float[10], new float[10], 3)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.Softmax(cpu, new float[9], new float[6], 3)).ParamName);
        Assert.Equal("rowLength", Assert.Throws<ArgumentOutOfRangeException>(() => Primitives.Softmax(cpu, new float[9], new float[9], 0)).ParamName);
    }

    private static double[] Reference(float[] x, int rowLength)
    {
        var expected = new double[x.Length];
        for (var start = 0; start < x.Length; start += rowLength)
        {
            var row = x.AsSpan(start, rowLength);
            double max = row.ToArray().Max();
            double sum = 0;
            foreach (var v in row)
            {
                sum += Math.Exp(v - max);
            }

            for (var i = 0; i < rowLength; i++)
            {
                expected[start + i] = Math.Exp(row[i] - max) / sum;
            }
        }

        return expected;
    }
}
