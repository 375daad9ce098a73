using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class LayerNormTests
{
    private const float Epsilon = 1e-12f; // BERT's layer-norm epsilon

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Matches_the_double_reference_for_every_row_length(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var rowLength in TestData.Lengths.Where(n => n > 0))
        {
            const int rows = 3;

            // An offset mean (3) checks that the two-pass variance does not cancel.
            var x = TestData.Random(rows * rowLength, rowLength, 1f, 5f);
            var gamma = TestData.Random(rowLength, 1, 0.5f, 1.5f);
            var beta = TestData.Random(rowLength, 2, -1f, 1f);
            var y = new float[x.Length];
            Primitives.LayerNorm(cpu, x, gamma, beta, Epsilon, y);

            var (expected, normalized) = Reference(x, gamma, beta, rowLength);

            // The mean and the variance each gather up to n roundings, relative to the row's magnitude (|x| ≤ 5 over a
            // standard deviation of about 1.15, so a factor of 5); the normalize and the fused scale-shift add a few.
            var relative = (5.0 * (rowLength + 8)) * TestData.UnitRoundoff;
            TestData.AssertClose(
                expected,
                y,
                i => (relative * ((Math.Abs(gamma[i % rowLength]) * (Math.Abs(normalized[i]) + 1)) + Math.Abs(beta[i % rowLength]))) + 1e-7,
                $"LayerNorm on {isa}, row length {rowLength}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Threads_and_in_place_give_identical_results(Isa isa)
    {
        const int rowLength = 45;
        var x = TestData.Random(rowLength * 9, 3);
        var gamma = TestData.Random(rowLength, 4);
        var beta = TestData.Random(rowLength, 5);
        var single = new float[x.Length];
        using (var cpu = CpuContext.Create(isa))
        {
            Primitives.LayerNorm(cpu, x, gamma, beta, Epsilon, single);
        }

        foreach (var threads in new[] { 2, 3 })
        {
            using var cpu = CpuContext.Create(isa, threads);
            var copy = (float[])x.Clone();
            Primitives.LayerNorm(cpu, copy, gamma, beta, Epsilon, copy);
            TestData.AssertIdentical(single, copy, $"LayerNorm on {isa} with {threads} threads, in place");
        }
    }

    [Fact]
    public void Bad_lengths_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Equal("beta", Assert.Throws<ArgumentException>(() => Primitives.LayerNorm(cpu, new float[8], new float[4], new float[3], Epsilon, new float[8])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Primitives.LayerNorm(cpu, new float[9], new float[4], new float[4], Epsilon, new float[9])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.LayerNorm(cpu, new float[8], new float[4], new float[4], Epsilon, new float[4])).ParamName);
    }

    private static (double[] Output, double[] Normalized) Reference(float[] x, float[] gamma, float[] beta, int rowLength)
    {
        var output = new double[x.Length];
        var normalized = new double[x.Length];
        for (var start = 0; start < x.Length; start += rowLength)
        {
            var row = x.AsSpan(start, rowLength).ToArray().Select(v => (double)v).ToArray();
            var mean = row.Average();
            var variance = row.Select(v => (v - mean) * (v - mean)).Sum() / rowLength;
            for (var i = 0; i < rowLength; i++)
            {
                normalized[start + i] = (row[i] - mean) / Math.Sqrt(variance + Epsilon);
                output[start + i] = (normalized[start + i] * gamma[i]) + beta[i];
            }
        }

        return (output, normalized);
    }
}
