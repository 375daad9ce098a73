namespace Toolkit.Kernels.Convolution;

/// <summary>
/// The shape of one 2-D convolution over a single NHWC image. Weights are HWIO: [KernelHeight, KernelWidth,
/// InChannels / Groups, OutChannels], which makes a 1×1 convolution a plain GEMM and an im2col row a contiguous
/// K-vector. Padding is explicit per side, so TensorFlow's SAME (asymmetric) padding is exact.
/// </summary>
public readonly record struct Conv2dGeometry(
    int InputHeight,
    int InputWidth,
    int InChannels,
    int OutChannels,
    int KernelHeight,
    int KernelWidth,
    int StrideHeight = 1,
    int StrideWidth = 1,
    int PadTop = 0,
    int PadLeft = 0,
    int PadBottom = 0,
    int PadRight = 0,
    int Groups = 1)
{
    public int OutputHeight => ((InputHeight + PadTop + PadBottom - KernelHeight) / StrideHeight) + 1;

    public int OutputWidth => ((InputWidth + PadLeft + PadRight - KernelWidth) / StrideWidth) + 1;

    /// <summary>True for a depthwise convolution: one filter per channel, channel multiplier 1.</summary>
    public bool IsDepthwise => Groups > 1 && Groups == InChannels && Groups == OutChannels;

    /// <summary>True when the convolution is a GEMM over the input as it lies: 1×1 kernel, stride 1, no padding.</summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1 &&
                               PadTop == 0 && PadLeft == 0 && PadBottom == 0 && PadRight == 0 && Groups == 1;

    /// <summary>Weight elements: KernelHeight × KernelWidth × (InChannels / Groups) × OutChannels.</summary>
    public long WeightCount => (long)KernelHeight * KernelWidth * (InChannels / Groups) * OutChannels;

    /// <summary>Multiply-accumulates for one image.</summary>
    public long MultiplyAccumulates => (long)OutputHeight * OutputWidth * WeightCount;

    /// <summary>
    /// Builds the geometry with TensorFlow's SAME padding: output = ceil(input / stride), with the odd pixel of padding
    /// at the bottom and right.
    /// </summary>
    public static Conv2dGeometry Same(int inputHeight, int inputWidth, int inChannels, int outChannels, int kernelHeight, int kernelWidth, int stride = 1, int groups = 1)
    {
        var (top, bottom) = SamePadding(inputHeight, kernelHeight, stride);
        var (left, right) = SamePadding(inputWidth, kernelWidth, stride);
        return new Conv2dGeometry(inputHeight, inputWidth, inChannels, outChannels, kernelHeight, kernelWidth, stride, stride, top, left, bottom, right, groups);
    }

    /// <summary>Checks the geometry and throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Require(InputHeight > 0 && InputWidth > 0, "input height and width must be positive");
        Require(InChannels > 0 && OutChannels > 0, "channel counts must be positive");
        Require(KernelHeight > 0 && KernelWidth > 0, "kernel height and width must be positive");
        Require(StrideHeight > 0 && StrideWidth > 0, "strides must be positive");
        Require(PadTop >= 0 && PadLeft >= 0 && PadBottom >= 0 && PadRight >= 0, "padding must not be negative");
        Require(Groups > 0 && InChannels % Groups == 0 && OutChannels % Groups == 0, "groups must divide both channel counts");
        Require(OutputHeight > 0 && OutputWidth > 0, "the kernel is larger than the padded input");
    }

    private void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid convolution {this}: {problem}.");
        }
    }

    private static (int Before, int After) SamePadding(int input, int kernel, int stride)
    {
        var output = (input + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + kernel - input, 0);
        return (total / 2, total - (total / 2));
    }
}
