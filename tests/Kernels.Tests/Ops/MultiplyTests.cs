using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

/// <summary>Multiply and its row broadcast. One float multiplication rounds the same way at every width, so results are exact.</summary>
public class MultiplyTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Matches_the_scalar_product_for_every_length(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var length in TestData.Lengths)
        {
            var x = TestData.Random(length, length);
            var y = TestData.Random(length, length + 1000);
            var destination = new float[length];
            Primitives.Multiply(cpu, x, y, destination);
            TestData.AssertIdentical(x.Zip(y, (a, b) => a * b).ToArray(), destination, $"Multiply on {isa}, length {length}");

            Primitives.Multiply(cpu, x, y, y);
            TestData.AssertIdentical(destination, y, $"Multiply in place on {isa}, length {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void MultiplyBroadcast_scales_every_row(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var rowLength in new[] { 1, 3, 4, 7, 16, 17, 33, 64 })
        {
            foreach (var rows in new[] { 0, 1, 5 })
            {
                var x = TestData.Random(rows * rowLength, rowLength);
                var row = TestData.Random(rowLength, rows);
                var expected = x.Select((v, i) => v * row[i % rowLength]).ToArray();
                Primitives.MultiplyBroadcast(cpu, x, row, x);
                TestData.AssertIdentical(expected, x, $"MultiplyBroadcast in place on {isa}, {rows}×{rowLength}");
            }
        }
    }

    [Fact]
    public void Length_mismatches_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Primitives.Multiply(cpu, new float[2], new float[3], new float[2])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Primitives.MultiplyBroadcast(cpu, new float[7], new float[2], new float[7])).ParamName);
    }
}
