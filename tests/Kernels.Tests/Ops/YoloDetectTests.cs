using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class YoloDetectTests
{
    /// <summary>YOLOv5's stride-8 anchors, [w,h] × 3 in pixels.</summary>
    public static readonly int[] AnchorPixels = [10, 13, 16, 30, 33, 23];

    private static readonly float[] Anchors = [.. AnchorPixels.Select(a => (float)a)];

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Sigmoid_matches_the_double_reference_for_every_length(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var length in TestData.Lengths)
        {
            var x = TestData.Random(length, length, -20f, 20f);
            var y = new float[length];
            Primitives.Apply<SigmoidOperator>(cpu, x, y);

            // .NET's vector exp is within about 1.5e-7 relative; a division and an addition round twice more.
            var expected = x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
            TestData.AssertClose(expected, y, i => 4e-7 * expected[i], $"sigmoid on {isa}, length {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Decode_matches_the_double_reference(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var (height, width, rowLength) in new[] { (1, 1, 5), (3, 5, 7), (4, 4, 85), (2, 7, 21) })
        {
            var anchors = Anchors.Length / 2;
            var input = TestData.Random(height * width * anchors * rowLength, (height * 100) + rowLength, -6f, 6f);
            var actual = new float[input.Length];
            Primitives.YoloDetect(cpu, height, width, rowLength, Anchors, 16f, input, actual);

            var expected = Reference(height, width, rowLength, 16f, input);
            // Sigmoid's 4e-7 relative, scaled by at most 2 · stride (centres) or 8 · anchor (sizes), plus the rounding
            // of results up to about 1e3: 1e-6 of max(1, |value|) bounds both.
            TestData.AssertClose(expected, actual, i => 1e-6 * Math.Max(1, Math.Abs(expected[i])), $"decode on {isa}, {height}×{width}×{rowLength}");
        }
    }

    [Fact]
    public void Two_threads_give_the_same_bits_as_one()
    {
        const int height = 9, width = 6, rowLength = 85;
        var input = TestData.Random(height * width * 3 * rowLength, 3);
        var one = new float[input.Length];
        var two = new float[input.Length];
        using (var cpu = CpuContext.Create(Isa.Best, 1))
        {
            Primitives.YoloDetect(cpu, height, width, rowLength, Anchors, 8f, input, one);
        }

        using (var cpu = CpuContext.Create(Isa.Best, 2))
        {
            Primitives.YoloDetect(cpu, height, width, rowLength, Anchors, 8f, input, two);
        }

        TestData.AssertIdentical(one, two, "two threads");
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Contains("rowLength", Assert.Throws<ArgumentOutOfRangeException>(() => Primitives.YoloDetect(cpu, 1, 1, 4, Anchors, 8f, new float[12], new float[12])).Message, StringComparison.Ordinal);
        Assert.Contains("anchorSizes", Assert.Throws<ArgumentException>(() => Primitives.YoloDetect(cpu, 1, 1, 5, [1f, 2f, 3f], 8f, new float[5], new float[5])).Message, StringComparison.Ordinal);
        Assert.Contains("input", Assert.Throws<ArgumentException>(() => Primitives.YoloDetect(cpu, 1, 1, 5, Anchors, 8f, new float[14], new float[15])).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The decode written out in double: row (anchor, y, x) from input pixel (y, x), channels anchor·K ..; sigmoid of
    /// all; centres (2σ − 0.5 + cell) · stride, sizes (2σ)² · anchor.
    /// </summary>
    public static double[] Reference(int height, int width, int rowLength, double stride, float[] input)
    {
        var anchors = Anchors.Length / 2;
        var result = new double[input.Length];
        for (var a = 0; a < anchors; a++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var source = (((y * width) + x) * anchors + a) * rowLength;
                    var target = (((a * height) + y) * width + x) * rowLength;
                    for (var k = 0; k < rowLength; k++)
                    {
                        result[target + k] = 1 / (1 + Math.Exp(-input[source + k]));
                    }

                    result[target] = ((2 * result[target]) - 0.5 + x) * stride;
                    result[target + 1] = ((2 * result[target + 1]) - 0.5 + y) * stride;
                    result[target + 2] = Math.Pow(2 * result[target + 2], 2) * Anchors[2 * a];
                    result[target + 3] = Math.Pow(2 * result[target + 3], 2) * Anchors[(2 * a) + 1];
                }
            }
        }

        return result;
    }
}
