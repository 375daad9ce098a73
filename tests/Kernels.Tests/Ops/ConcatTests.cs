using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class ConcatTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Concat_interleaves_the_inner_blocks_of_every_input(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var outer in new[] { 1, 2, 7 })
        {
            int[] inners = [0, 1, 3, 17, 40, 64];
            var inputs = inners.Select((inner, i) => TestData.Random(outer * inner, (outer * 10) + i)).ToArray();
            var destination = new float[outer * inners.Sum()];
            ReadOnlySpan<ReadOnlyMemory<float>> memories = [.. inputs.Select(a => (ReadOnlyMemory<float>)a)];
            Primitives.Concat(cpu, outer, memories, destination);

            var expected = new List<float>();
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inputs.Length; i++)
                {
                    expected.AddRange(inputs[i].AsSpan(o * inners[i], inners[i]).ToArray());
                }
            }

            TestData.AssertIdentical([.. expected], destination, $"Concat on {isa}, outer {outer}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void ConcatInto_one_input_at_a_time_gives_what_Concat_gives(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        const int outer = 6;
        int[] inners = [5, 1, 33, 16];
        var inputs = inners.Select((inner, i) => TestData.Random(outer * inner, 50 + i)).ToArray();
        var expected = new float[outer * inners.Sum()];
        Primitives.Concat(cpu, outer, [.. inputs.Select(a => (ReadOnlyMemory<float>)a)], expected);

        var actual = new float[expected.Length];
        var offset = 0;
        foreach (var input in inputs)
        {
            Primitives.ConcatInto(cpu, outer, input, actual, offset);
            offset += input.Length / outer;
        }

        TestData.AssertIdentical(expected, actual, $"ConcatInto on {isa}");
    }

    [Fact]
    public void ConcatInto_rejects_a_block_that_does_not_fit()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        var error = Assert.Throws<ArgumentException>(() => Primitives.ConcatInto(cpu, 2, new float[6], new float[8], 2));
        Assert.Contains("offset", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void ConcatChannels_joins_NHWC_images_along_channels(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        const int height = 3, width = 5;
        var a = TestData.Random(height * width * 17, 1);
        var b = TestData.Random(height * width * 3, 2);
        var destination = new float[height * width * 20];
        Primitives.ConcatChannels(cpu, height, width, [a, b], destination);
        for (var p = 0; p < height * width; p++)
        {
            TestData.AssertIdentical(a.AsSpan(p * 17, 17), destination.AsSpan(p * 20, 17), $"pixel {p}, first input");
            TestData.AssertIdentical(b.AsSpan(p * 3, 3), destination.AsSpan((p * 20) + 17, 3), $"pixel {p}, second input");
        }
    }

    [Fact]
    public void Bad_lengths_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => Primitives.Concat(cpu, 2, [new float[4], new float[3]], new float[7])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.Concat(cpu, 2, [new float[4], new float[2]], new float[8])).ParamName);
    }
}
