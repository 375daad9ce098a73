using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Value = (string Output, int[] Shape);

namespace Toolkit.Kernels.Zoo;

/// <summary>
/// InceptionV3 at 299×299 (Szegedy et al. 2016, as Keras and TensorFlow's slim model build it, without the training-only
/// auxiliary head): a VALID-padded stem of five convolutions and two max pools, three 35×35 blocks, a grid reduction,
/// four 17×17 blocks whose 7×7 filters are factorized into 1×7 and 7×1, a second reduction, two 8×8 blocks with
/// parallel 1×3 and 3×1 outputs, global average pooling, a 1001-way classifier and softmax. Every convolution is
/// followed by batch norm and ReLU. Input float32 [1,299,299,3] NHWC with pixels in [0,1]; output float32 [1,1001].
/// About 23.9 M parameters and 5.7 G multiply-accumulates.
/// </summary>
public static class InceptionV3
{
    public const string Name = "inception_v3";
    public const int ImageSize = 299;
    public const int Classes = 1001;

    private static readonly int[] Valid = [0, 0, 0, 0];

    public static ModelGraph Build(ulong seed)
    {
        var graph = new GraphBuilder(Name);
        var net = new Blocks(new LayerBuilder(graph, new SeededRandom(seed)));
        Value x = (graph.Input("input", DataType.Float32, 1, ImageSize, ImageSize, 3), [1, ImageSize, ImageSize, 3]);

        x = net.Conv(x, 32, 3, 3, stride: 2, valid: true, "Conv2d_1a_3x3");
        x = net.Conv(x, 32, 3, 3, stride: 1, valid: true, "Conv2d_2a_3x3");
        x = net.Conv(x, 64, 3, 3, stride: 1, valid: false, "Conv2d_2b_3x3");
        x = net.MaxPool(x, "MaxPool_3a_3x3");
        x = net.Conv(x, 80, 1, 1, stride: 1, valid: true, "Conv2d_3b_1x1");
        x = net.Conv(x, 192, 3, 3, stride: 1, valid: true, "Conv2d_4a_3x3");
        x = net.MaxPool(x, "MaxPool_5a_3x3");

        x = net.BlockA(x, 32, "Mixed_5b");
        x = net.BlockA(x, 64, "Mixed_5c");
        x = net.BlockA(x, 64, "Mixed_5d");
        x = net.ReductionA(x, "Mixed_6a");
        x = net.BlockC(x, 128, "Mixed_6b");
        x = net.BlockC(x, 160, "Mixed_6c");
        x = net.BlockC(x, 160, "Mixed_6d");
        x = net.BlockC(x, 192, "Mixed_6e");
        x = net.ReductionB(x, "Mixed_7a");
        x = net.BlockE(x, "Mixed_7b");
        x = net.BlockE(x, "Mixed_7c");

        var channels = x.Shape[3];
        var pooled = graph.Add(OpTypes.GlobalAveragePool, [x.Output], nodeName: "AvgPool");
        var flat = graph.Add(OpTypes.Reshape, [pooled], new NodeAttributes { { "shape", new[] { 1, channels } } }, "Flatten");
        var logits = net.Layers.Dense(flat, channels, Classes, Activation.None, "Logits");
        graph.Add(OpTypes.Softmax, [logits], nodeName: "output");
        return graph.Build("output");
    }

    /// <summary>The Inception modules; each branch is a chain of convolution + batch norm + ReLU layers.</summary>
    private sealed class Blocks(LayerBuilder layers)
    {
        public LayerBuilder Layers => layers;

        public Value Conv(Value x, int channels, int kernelHeight, int kernelWidth, int stride, bool valid, string name) => valid
            ? layers.ConvBatchNorm(x.Output, x.Shape, channels, kernelHeight, kernelWidth, stride, Valid, Activation.Relu, name: name)
            : layers.ConvBatchNorm(x.Output, x.Shape, channels, kernelHeight, kernelWidth, stride, Activation.Relu, name: name);

        /// <summary>A SAME-padded stride-1 convolution, the branches' usual layer.</summary>
        public Value Conv(Value x, int channels, int kernelHeight, int kernelWidth, string name) =>
            Conv(x, channels, kernelHeight, kernelWidth, 1, valid: false, name);

        /// <summary>3×3 stride-2 VALID max pooling: the stem's and the reductions' downsampling.</summary>
        public Value MaxPool(Value x, string name) => layers.Pool(OpTypes.MaxPool, x.Output, x.Shape, 3, 2, Valid, name);

        /// <summary>35×35 module: 1×1, 1×1→5×5, 1×1→3×3→3×3, and 3×3 average pool→1×1 (poolChannels).</summary>
        public Value BlockA(Value x, int poolChannels, string name)
        {
            var b0 = Conv(x, 64, 1, 1, $"{name}/Branch_0/Conv2d_0a_1x1");
            var b1 = Conv(Conv(x, 48, 1, 1, $"{name}/Branch_1/Conv2d_0a_1x1"), 64, 5, 5, $"{name}/Branch_1/Conv2d_0b_5x5");
            var b2 = Conv(x, 64, 1, 1, $"{name}/Branch_2/Conv2d_0a_1x1");
            b2 = Conv(Conv(b2, 96, 3, 3, $"{name}/Branch_2/Conv2d_0b_3x3"), 96, 3, 3, $"{name}/Branch_2/Conv2d_0c_3x3");
            var b3 = Conv(AveragePool(x, $"{name}/Branch_3/AvgPool_0a_3x3"), poolChannels, 1, 1, $"{name}/Branch_3/Conv2d_0b_1x1");
            return layers.ConcatChannels([b0, b1, b2, b3], name);
        }

        /// <summary>35×35 → 17×17: 3×3 stride 2, 1×1→3×3→3×3 stride 2, and max pool.</summary>
        public Value ReductionA(Value x, string name)
        {
            var b0 = Conv(x, 384, 3, 3, 2, valid: true, $"{name}/Branch_0/Conv2d_1a_3x3");
            var b1 = Conv(Conv(x, 64, 1, 1, $"{name}/Branch_1/Conv2d_0a_1x1"), 96, 3, 3, $"{name}/Branch_1/Conv2d_0b_3x3");
            b1 = Conv(b1, 96, 3, 3, 2, valid: true, $"{name}/Branch_1/Conv2d_1a_3x3");
            var b2 = MaxPool(x, $"{name}/Branch_2/MaxPool_1a_3x3");
            return layers.ConcatChannels([b0, b1, b2], name);
        }

        /// <summary>17×17 module with factorized 7×7 filters: 1×1, 1×1→1×7→7×1, 1×1→7×1→1×7→7×1→1×7, and pool→1×1.</summary>
        public Value BlockC(Value x, int width, string name)
        {
            var b0 = Conv(x, 192, 1, 1, $"{name}/Branch_0/Conv2d_0a_1x1");
            var b1 = Conv(x, width, 1, 1, $"{name}/Branch_1/Conv2d_0a_1x1");
            b1 = Conv(Conv(b1, width, 1, 7, $"{name}/Branch_1/Conv2d_0b_1x7"), 192, 7, 1, $"{name}/Branch_1/Conv2d_0c_7x1");
            var b2 = Conv(x, width, 1, 1, $"{name}/Branch_2/Conv2d_0a_1x1");
            b2 = Conv(Conv(b2, width, 7, 1, $"{name}/Branch_2/Conv2d_0b_7x1"), width, 1, 7, $"{name}/Branch_2/Conv2d_0c_1x7");
            b2 = Conv(Conv(b2, width, 7, 1, $"{name}/Branch_2/Conv2d_0d_7x1"), 192, 1, 7, $"{name}/Branch_2/Conv2d_0e_1x7");
            var b3 = Conv(AveragePool(x, $"{name}/Branch_3/AvgPool_0a_3x3"), 192, 1, 1, $"{name}/Branch_3/Conv2d_0b_1x1");
            return layers.ConcatChannels([b0, b1, b2, b3], name);
        }

        /// <summary>17×17 → 8×8: 1×1→3×3 stride 2, 1×1→1×7→7×1→3×3 stride 2, and max pool.</summary>
        public Value ReductionB(Value x, string name)
        {
            var b0 = Conv(Conv(x, 192, 1, 1, $"{name}/Branch_0/Conv2d_0a_1x1"), 320, 3, 3, 2, valid: true, $"{name}/Branch_0/Conv2d_1a_3x3");
            var b1 = Conv(x, 192, 1, 1, $"{name}/Branch_1/Conv2d_0a_1x1");
            b1 = Conv(Conv(b1, 192, 1, 7, $"{name}/Branch_1/Conv2d_0b_1x7"), 192, 7, 1, $"{name}/Branch_1/Conv2d_0c_7x1");
            b1 = Conv(b1, 192, 3, 3, 2, valid: true, $"{name}/Branch_1/Conv2d_1a_3x3");
            var b2 = MaxPool(x, $"{name}/Branch_2/MaxPool_1a_3x3");
            return layers.ConcatChannels([b0, b1, b2], name);
        }

        /// <summary>8×8 module with expanded outputs: 1×1, 1×1→(1×3 ‖ 3×1), 1×1→3×3→(1×3 ‖ 3×1), and pool→1×1.</summary>
        public Value BlockE(Value x, string name)
        {
            var b0 = Conv(x, 320, 1, 1, $"{name}/Branch_0/Conv2d_0a_1x1");
            var b1 = Conv(x, 384, 1, 1, $"{name}/Branch_1/Conv2d_0a_1x1");
            b1 = layers.ConcatChannels([Conv(b1, 384, 1, 3, $"{name}/Branch_1/Conv2d_0b_1x3"), Conv(b1, 384, 3, 1, $"{name}/Branch_1/Conv2d_0c_3x1")], $"{name}/Branch_1/concat");
            var b2 = Conv(Conv(x, 448, 1, 1, $"{name}/Branch_2/Conv2d_0a_1x1"), 384, 3, 3, $"{name}/Branch_2/Conv2d_0b_3x3");
            b2 = layers.ConcatChannels([Conv(b2, 384, 1, 3, $"{name}/Branch_2/Conv2d_0c_1x3"), Conv(b2, 384, 3, 1, $"{name}/Branch_2/Conv2d_0d_3x1")], $"{name}/Branch_2/concat");
            var b3 = Conv(AveragePool(x, $"{name}/Branch_3/AvgPool_0a_3x3"), 192, 1, 1, $"{name}/Branch_3/Conv2d_0b_1x1");
            return layers.ConcatChannels([b0, b1, b2, b3], name);
        }

        /// <summary>3×3 stride-1 SAME average pool that divides by the real pixels of each window (TensorFlow's).</summary>
        private Value AveragePool(Value x, string name) => layers.Pool(OpTypes.AveragePool, x.Output, x.Shape, 3, 1, [1, 1, 1, 1], name);
    }
}
