using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Zoo;

/// <summary>
/// MobileNetV1 1.0 at 224×224 (Howard et al. 2017, as in TensorFlow's slim model the paper served): a 3×3 stride-2
/// convolution, 13 depthwise-separable blocks, global average pooling, a 1001-way classifier and softmax. Input
/// float32 [1,224,224,3] NHWC with pixels in [0,1]; output float32 [1,1001]. About 4.2 M parameters.
/// </summary>
public static class MobileNetV1
{
    public const string Name = "mobilenet_v1";
    public const int ImageSize = 224;
    public const int Classes = 1001;

    /// <summary>The 13 depthwise-separable blocks: depthwise stride and pointwise output channels.</summary>
    private static readonly (int Stride, int Channels)[] Blocks =
    [
        (1, 64), (2, 128), (1, 128), (2, 256), (1, 256), (2, 512),
        (1, 512), (1, 512), (1, 512), (1, 512), (1, 512), (2, 1024), (1, 1024),
    ];

    public static ModelGraph Build(ulong seed)
    {
        var graph = new GraphBuilder(Name);
        var layers = new LayerBuilder(graph, new SeededRandom(seed));
        var x = graph.Input("input", DataType.Float32, 1, ImageSize, ImageSize, 3);
        var (value, shape) = layers.ConvBatchNorm(x, [1, ImageSize, ImageSize, 3], 32, 3, 3, 2, Activation.Relu6, name: "Conv2d_0");
        for (var i = 0; i < Blocks.Length; i++)
        {
            var (stride, channels) = Blocks[i];
            (value, shape) = layers.ConvBatchNorm(value, shape, 0, 3, 3, stride, Activation.Relu6, depthwise: true, name: $"Conv2d_{i + 1}_depthwise");
            (value, shape) = layers.ConvBatchNorm(value, shape, channels, 1, 1, 1, Activation.Relu6, name: $"Conv2d_{i + 1}_pointwise");
        }

        var pooled = graph.Add(OpTypes.GlobalAveragePool, [value], nodeName: "AvgPool");
        var flat = graph.Add(OpTypes.Reshape, [pooled], new NodeAttributes { { "shape", new[] { 1, shape[3] } } }, "Flatten");
        var logits = layers.Dense(flat, shape[3], Classes, Activation.None, "Logits");
        graph.Add(OpTypes.Softmax, [logits], nodeName: "output");
        return graph.Build("output");
    }
}
