using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Tests.Ops;

namespace Toolkit.Kernels.Tests.Graph;

/// <summary>
/// The graph operators InceptionV3 and YOLOv5s added (pooling, concat, upsample, add, mul, Detect decode), each in a
/// one-node graph on our engine at every tier against a naive loop.
/// </summary>
public class GraphOperatorTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void MaxPool_with_asymmetric_padding_matches_the_naive_loop(Isa isa)
    {
        var x = TestData.Random(7 * 6 * 5, 1);
        var actual = RunOne(isa, OpTypes.MaxPool, Pooling(3, 2, [1, 0, 1, 1]), (x, [1, 7, 6, 5]));
        var expected = NaivePool(x, 7, 6, 5, 3, 2, [1, 0, 1, 1], (window, _) => window.Max());
        TestData.AssertIdentical([.. expected.Select(v => (float)v)], actual, $"MaxPool on {isa}");
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void AveragePool_counts_real_pixels_unless_told_to_count_padding(Isa isa)
    {
        var x = TestData.Random(6 * 7 * 4, 2);
        foreach (var includePad in new[] { 0, 1 })
        {
            var attributes = Pooling(3, 1, [1, 1, 1, 1]).Set("count_include_pad", includePad);
            var actual = RunOne(isa, OpTypes.AveragePool, attributes, (x, [1, 6, 7, 4]));
            var expected = NaivePool(x, 6, 7, 4, 3, 1, [1, 1, 1, 1], (window, all) => window.Sum() / (includePad == 1 ? all : window.Count));

            // Nine float additions in a different order than the double sum: a few units of 2^-24 of values up to 4.
            TestData.AssertClose(expected, actual, _ => 4 * 9 * TestData.UnitRoundoff * 4, $"AveragePool include_pad={includePad} on {isa}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Concat_joins_channels_and_boxes(Isa isa)
    {
        var (a, b) = (TestData.Random(3 * 4 * 5, 3), TestData.Random(3 * 4 * 19, 4));
        var channels = RunOne(isa, OpTypes.Concat, new NodeAttributes { { "axis", 3 } }, (a, [1, 3, 4, 5]), (b, [1, 3, 4, 19]));
        var expectedChannels = Enumerable.Range(0, 12).SelectMany(p => a.Skip(p * 5).Take(5).Concat(b.Skip(p * 19).Take(19))).ToArray();
        TestData.AssertIdentical(expectedChannels, channels, $"Concat axis 3 on {isa}");

        var (c, d) = (TestData.Random(2 * 85, 5), TestData.Random(7 * 85, 6));
        var boxes = RunOne(isa, OpTypes.Concat, new NodeAttributes { { "axis", 1 } }, (c, [1, 2, 85]), (d, [1, 7, 85]));
        TestData.AssertIdentical([.. c, .. d], boxes, $"Concat axis 1 on {isa}");
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Upsample_repeats_each_pixel_factor_squared_times(Isa isa)
    {
        var x = TestData.Random(3 * 4 * 5, 7);
        var actual = RunOne(isa, OpTypes.Upsample, new NodeAttributes { { "factor", 2 } }, (x, [1, 3, 4, 5]));
        var expected = new float[actual.Length];
        for (var y = 0; y < 6; y++)
        {
            for (var col = 0; col < 8; col++)
            {
                x.AsSpan((((y / 2) * 4) + (col / 2)) * 5, 5).CopyTo(expected.AsSpan(((y * 8) + col) * 5));
            }
        }

        TestData.AssertIdentical(expected, actual, $"Upsample on {isa}");
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Add_and_Mul_are_element_wise(Isa isa)
    {
        var (a, b) = (TestData.Random(3 * 4 * 37, 8), TestData.Random(3 * 4 * 37, 9));
        var sum = RunOne(isa, OpTypes.Add, null, (a, [1, 3, 4, 37]), (b, [1, 3, 4, 37]));
        var product = RunOne(isa, OpTypes.Mul, null, (a, [1, 3, 4, 37]), (b, [1, 3, 4, 37]));
        TestData.AssertIdentical([.. a.Zip(b, (p, q) => p + q)], sum, $"Add on {isa}");
        TestData.AssertIdentical([.. a.Zip(b, (p, q) => p * q)], product, $"Mul on {isa}");
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void YoloDetect_reorders_and_decodes_one_level(Isa isa)
    {
        var x = TestData.Random(2 * 3 * 3 * 7, 10, -6f, 6f);
        var attributes = new NodeAttributes { { "anchors", YoloDetectTests.AnchorPixels }, { "stride", 8 } };
        var actual = RunOne(isa, OpTypes.YoloDetect, attributes, (x, [1, 2, 3, 21]));
        var expected = YoloDetectTests.Reference(2, 3, 7, 8, x);
        TestData.AssertClose(expected, actual, i => 1e-6 * Math.Max(1, Math.Abs(expected[i])), $"YoloDetect on {isa}");
    }

    [Fact]
    public void Mismatched_concat_inputs_are_named()
    {
        var graph = new GraphBuilder("bad");
        var a = graph.Input("a", DataType.Float32, 1, 4, 4, 3);
        var b = graph.Input("b", DataType.Float32, 1, 5, 4, 3);
        graph.Add(OpTypes.Concat, [a, b], new NodeAttributes { { "axis", 3 } }, "joined");
        var error = Assert.Throws<GraphException>(() => ShapeInference.Infer(graph.Build("joined")));
        Assert.Contains("'joined'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs a graph of one node over the given inputs on one tier and returns its output.</summary>
    private static float[] RunOne(Isa isa, string opType, NodeAttributes? attributes, params (float[] Values, int[] Shape)[] inputs)
    {
        var graph = new GraphBuilder(opType);
        var names = inputs.Select((input, i) => graph.Input($"x{i}", DataType.Float32, input.Shape)).ToArray();
        graph.Add(opType, names, attributes, "y");
        using var engine = KernelsEngine.Create(graph.Build("y"), isa);
        var outputs = engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();
        engine.Run([.. inputs.Select(i => Tensor.From<float>(i.Values, i.Shape))], outputs);
        return outputs[0].AsSpan<float>().ToArray();
    }

    private static NodeAttributes Pooling(int kernel, int stride, int[] pads) => new()
    {
        { "kernel", new[] { kernel, kernel } },
        { "strides", new[] { stride, stride } },
        { "pads", pads },
    };

    /// <summary>Pools one NHWC image: <paramref name="reduce"/> gets a window's real pixels and the window's full size.</summary>
    private static double[] NaivePool(float[] x, int height, int width, int channels, int kernel, int stride, int[] pads, Func<List<double>, int, double> reduce)
    {
        var outHeight = ((height + pads[0] + pads[2] - kernel) / stride) + 1;
        var outWidth = ((width + pads[1] + pads[3] - kernel) / stride) + 1;
        var result = new double[outHeight * outWidth * channels];
        for (var oy = 0; oy < outHeight; oy++)
        {
            for (var ox = 0; ox < outWidth; ox++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var window = new List<double>();
                    for (var ky = 0; ky < kernel; ky++)
                    {
                        for (var kx = 0; kx < kernel; kx++)
                        {
                            var (iy, ix) = ((oy * stride) - pads[0] + ky, (ox * stride) - pads[1] + kx);
                            if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                            {
                                window.Add(x[(((iy * width) + ix) * channels) + c]);
                            }
                        }
                    }

                    result[(((oy * outWidth) + ox) * channels) + c] = reduce(window, kernel * kernel);
                }
            }
        }

        return result;
    }
}
