using Toolkit.Kernels.Graph;
using TorchSharp;
using static TorchSharp.torch;
using Functional = TorchSharp.torch.nn.functional;

namespace Toolkit.Bench.TorchSharp.Internal;

/// <summary>
/// The graph's spatial operations (convolution, pooling, upsampling, batch norm) on libtorch. Values stay NHWC, as the
/// graph defines them; each operation looks at its input through an NCHW permutation and permutes its result back.
/// Both permutations only change strides: the NHWC input is, seen as NCHW, a channels-last tensor, and libtorch's
/// convolution (oneDNN), pooling and nearest upsampling keep that memory format, so no data moves between layers.
/// </summary>
internal static class SpatialOps
{
    public static Tensor ToNchw(Tensor nhwc) => nhwc.permute(0, 3, 1, 2);

    public static Tensor ToNhwc(Tensor nchw) => nchw.permute(0, 2, 3, 1);

    /// <summary>HWIO [KH, KW, Cin/group, Cout] to libtorch's OIHW, stored channels-last like the activations.</summary>
    public static Tensor ConvolutionWeights(Tensor hwio)
    {
        using var ohwi = hwio.permute(3, 0, 1, 2).contiguous();
        return ohwi.permute(0, 3, 1, 2);
    }

    /// <summary>Pads [top, left, bottom, right] as libtorch's F.pad order for the last two NCHW axes: left, right, top, bottom.</summary>
    public static long[] PadOrder(int[] pads) => [pads[1], pads[3], pads[0], pads[2]];

    /// <summary>
    /// True when libtorch's own padding argument can express <paramref name="pads"/>: symmetric, and for pooling at most
    /// half the window (libtorch's limit).
    /// </summary>
    public static bool IsSymmetric(int[] pads, int[]? kernel = null) =>
        pads[0] == pads[2] && pads[1] == pads[3] && (kernel is null || (pads[0] <= kernel[0] / 2 && pads[1] <= kernel[1] / 2));

    public static Tensor Convolution(Tensor x, Tensor weights, Tensor? bias, Node node)
    {
        var a = node.Attributes;
        var strides = a.Ints("strides");
        var pads = a.Ints("pads");
        var group = a.Int("group", 1);
        var nchw = ToNchw(x);
        if (IsSymmetric(pads))
        {
            return ToNhwc(Functional.conv2d(nchw, weights, bias, [strides[0], strides[1]], [pads[0], pads[1]], [1, 1], group));
        }

        // TensorFlow's SAME padding of an even input under stride 2 pads only the bottom and right: libtorch takes
        // symmetric padding only, so the input is padded explicitly first.
        var padded = Functional.pad(nchw, PadOrder(pads));
        return ToNhwc(Functional.conv2d(padded, weights, bias, [strides[0], strides[1]], [0, 0], [1, 1], group));
    }

    public static Tensor MaxPool(Tensor x, Node node)
    {
        var (kernel, strides, pads) = PoolAttributes(node);
        var nchw = ToNchw(x);
        if (IsSymmetric(pads, kernel))
        {
            return ToNhwc(Functional.max_pool2d(nchw, [kernel[0], kernel[1]], [strides[0], strides[1]], [pads[0], pads[1]], [1, 1], false));
        }

        // Padded positions never win: pad with −∞.
        var padded = Functional.pad(nchw, PadOrder(pads), PaddingModes.Constant, double.NegativeInfinity);
        return ToNhwc(Functional.max_pool2d(padded, [kernel[0], kernel[1]], [strides[0], strides[1]], [0, 0], [1, 1], false));
    }

    /// <summary>
    /// Average pooling. With count_include_pad 0 and padding libtorch cannot express, the window sums of the zero-padded
    /// input are divided by <paramref name="realFraction"/>, the share of real pixels in each window.
    /// </summary>
    public static Tensor AveragePool(Tensor x, Node node, Tensor? realFraction)
    {
        var (kernel, strides, pads) = PoolAttributes(node);
        var includePad = node.Attributes.Int("count_include_pad", 0) != 0;
        var nchw = ToNchw(x);
        if (IsSymmetric(pads, kernel))
        {
            return ToNhwc(Functional.avg_pool2d(nchw, [kernel[0], kernel[1]], [strides[0], strides[1]], [pads[0], pads[1]], false, includePad));
        }

        var pooled = Functional.avg_pool2d(Functional.pad(nchw, PadOrder(pads)), [kernel[0], kernel[1]], [strides[0], strides[1]], [0, 0], false, true);
        return ToNhwc(realFraction is null ? pooled : pooled.div(realFraction));
    }

    /// <summary>For <see cref="AveragePool"/>: the share of real (unpadded) pixels in each window, [1,1,OH,OW].</summary>
    public static Tensor? RealFraction(Node node, int[] inputShape)
    {
        var (kernel, strides, pads) = PoolAttributes(node);
        if (node.Attributes.Int("count_include_pad", 0) != 0 || IsSymmetric(pads, kernel))
        {
            return null;
        }

        using var ones = torch.ones([1, 1, inputShape[1], inputShape[2]], ScalarType.Float32);
        using var padded = Functional.pad(ones, PadOrder(pads));
        return Functional.avg_pool2d(padded, [kernel[0], kernel[1]], [strides[0], strides[1]], [0, 0], false, true);
    }

    public static Tensor Upsample(Tensor x, int factor) =>
        ToNhwc(Functional.interpolate(ToNchw(x), scale_factor: [factor, factor], mode: InterpolationMode.Nearest));

    /// <summary>Inference batch norm over the channel axis, libtorch's own kernel.</summary>
    public static Tensor BatchNorm(Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor variance, float epsilon) =>
        x.dim() == 4
            ? ToNhwc(Functional.batch_norm(ToNchw(x), mean, variance, scale, bias, false, 0.0, epsilon))
            : Functional.batch_norm(x.reshape(-1, x.shape[^1]), mean, variance, scale, bias, false, 0.0, epsilon).reshape(x.shape);

    private static (int[] Kernel, int[] Strides, int[] Pads) PoolAttributes(Node node)
    {
        var a = node.Attributes;
        return (a.Ints("kernel"), a.Ints("strides"), a.Ints("pads"));
    }
}
