using Toolkit.Bench.TorchSharp.Internal;
using Toolkit.Bench.TorchSharp.Native;
using Toolkit.Kernels.Graph;
using TorchSharp;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// The torchsharp engine keeps values NHWC and views them as NCHW per operation. That only costs nothing if libtorch's
/// kernels keep the channels-last memory the view presents: then the result, permuted back, is already contiguous NHWC.
/// </summary>
public class TorchSharpLayoutTests
{
    [Fact]
    public void Convolution_pooling_and_upsampling_return_contiguous_nhwc()
    {
        // Touching torch before the library is patched would fail its load for the whole process.
        LibTorchSharpCompatibility.EnsureLoadable();
        using var scope = torch.NewDisposeScope();
        using var mode = torch.inference_mode();
        var x = torch.rand(1, 16, 16, 8);
        var weights = SpatialOps.ConvolutionWeights(torch.rand(3, 3, 8, 4));
        var convolution = Node(OpTypes.Conv2d, [1, 1, 1, 1]);
        var asymmetric = Node(OpTypes.Conv2d, [0, 0, 1, 1]);
        var pool = Node(OpTypes.MaxPool, [1, 1, 1, 1]);

        var y = SpatialOps.Convolution(x, weights, null, convolution);
        Assert.Equal([1L, 16, 16, 4], y.shape);
        Assert.True(y.is_contiguous(), "convolution");
        Assert.True(SpatialOps.Convolution(x, weights, null, asymmetric).is_contiguous(), "convolution after explicit padding");
        Assert.True(SpatialOps.MaxPool(x, pool).is_contiguous(), "max pool");
        Assert.True(SpatialOps.Upsample(x, 2).is_contiguous(), "upsample");
    }

    private static readonly int[] Kernel = [3, 3];
    private static readonly int[] Strides = [1, 1];

    private static Node Node(string opType, int[] pads) => new("n", opType, ["x", "w"], "y", new NodeAttributes
    {
        { "kernel", Kernel },
        { "strides", Strides },
        { "pads", pads },
        { "group", 1 },
    });
}
