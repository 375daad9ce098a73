using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

/// <summary>Add and its row broadcast. One float addition rounds the same way at every width, so results are exact.</summary>
public class AddTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Matches_the_scalar_sum_for_every_length(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var length in TestData.Lengths)
        {
            var x = TestData.Random(length, length);
            var y = TestData.Random(length, length + 1000);
            var destination = new float[length];
            Primitives.Add(cpu, x, y, destination);
            TestData.AssertIdentical(x.Zip(y, (a, b) => a + b).ToArray(), destination, $"Add on {isa}, length {length}");

            Primitives.Add(cpu, x, y, x);
            TestData.AssertIdentical(destination, x, $"Add in place on {isa}, length {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void AddBroadcast_adds_the_row_to_every_row(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var rowLength in new[] { 1, 3, 4, 7, 16, 17, 33, 64 })
        {
            foreach (var rows in new[] { 0, 1, 5 })
            {
                var x = TestData.Random(rows * rowLength, rowLength);
                var row = TestData.Random(rowLength, rows);
                var destination = new float[x.Length];
                Primitives.AddBroadcast(cpu, x, row, destination);
                var expected = x.Select((v, i) => v + row[i % rowLength]).ToArray();
                TestData.AssertIdentical(expected, destination, $"AddBroadcast on {isa}, {rows}×{rowLength}");
            }
        }
    }

    [Fact]
    public void Length_mismatches_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Primitives.Add(cpu, new float[4], new float[3], new float[4])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.Add(cpu, new float[4], new float[4], new float[5])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Primitives.AddBroadcast(cpu, new float[10], new float[3], new float[10])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.AddBroadcast(cpu, new float[9], new float[3], new float[6])).ParamName);
    }
}
