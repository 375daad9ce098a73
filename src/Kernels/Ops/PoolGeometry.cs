namespace Toolkit.Kernels.Ops;

/// <summary>
/// The shape of one 2-D pooling over a single NHWC image [InputHeight, InputWidth, Channels]. Padding is explicit per
/// side, so TensorFlow's SAME (odd pixel at the bottom and right) is exact. The output size rounds down, as ONNX's
/// default (ceil_mode = 0) does.
/// </summary>
public readonly record struct PoolGeometry(
    int InputHeight,
    int InputWidth,
    int Channels,
    int KernelHeight,
    int KernelWidth,
    int StrideHeight = 1,
    int StrideWidth = 1,
    int PadTop = 0,
    int PadLeft = 0,
    int PadBottom = 0,
    int PadRight = 0)
{
    public int OutputHeight => ((InputHeight + PadTop + PadBottom - KernelHeight) / StrideHeight) + 1;

    public int OutputWidth => ((InputWidth + PadLeft + PadRight - KernelWidth) / StrideWidth) + 1;

    /// <summary>Input elements: InputHeight × InputWidth × Channels.</summary>
    public long InputLength => (long)InputHeight * InputWidth * Channels;

    /// <summary>Output elements: OutputHeight × OutputWidth × Channels.</summary>
    public long OutputLength => (long)OutputHeight * OutputWidth * Channels;

    /// <summary>A square window with TensorFlow's SAME padding: output = ceil(input / stride).</summary>
    public static PoolGeometry Same(int inputHeight, int inputWidth, int channels, int kernel, int stride)
    {
        var (top, bottom) = SamePadding(inputHeight, kernel, stride);
        var (left, right) = SamePadding(inputWidth, kernel, stride);
        return new PoolGeometry(inputHeight, inputWidth, channels, kernel, kernel, stride, stride, top, left, bottom, right);
    }

    /// <summary>Checks the geometry and throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Require(InputHeight > 0 && InputWidth > 0, nameof(InputHeight), "input height and width must be positive");
        Require(Channels > 0, nameof(Channels), "channels must be positive");
        Require(KernelHeight > 0 && KernelWidth > 0, nameof(KernelHeight), "kernel height and width must be positive");
        Require(StrideHeight > 0 && StrideWidth > 0, nameof(StrideHeight), "strides must be positive");
        Require(PadTop >= 0 && PadLeft >= 0 && PadBottom >= 0 && PadRight >= 0, nameof(PadTop), "padding must not be negative");

        // A pad as large as the kernel would give windows with no input pixel: no max, and an average of nothing.
        Require(PadTop < KernelHeight && PadBottom < KernelHeight && PadLeft < KernelWidth && PadRight < KernelWidth, nameof(PadTop), "each pad must be smaller than the kernel");
        Require(OutputHeight > 0 && OutputWidth > 0, nameof(KernelHeight), "the kernel is larger than the padded input");
    }

    private void Require(bool condition, string field, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid pooling {this}: {field}: {problem}.");
        }
    }

    private static (int Before, int After) SamePadding(int input, int kernel, int stride)
    {
        var output = (input + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + kernel - input, 0);
        return (total / 2, total - (total / 2));
    }
}
