using Toolkit.Kernels.Gemm.Internal;

namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>
/// Per-thread scratch of the thread that runs a convolution (not of the GEMM's workers): the padded input and the
/// output over the padded width of <see cref="ShiftedRows"/>.
/// </summary>
internal static class ConvolutionScratch
{
    [ThreadStatic]
    private static AlignedBuffer? paddedInput;

    [ThreadStatic]
    private static AlignedBuffer? wideOutput;

    public static AlignedBuffer PaddedInput => paddedInput ??= new AlignedBuffer();

    public static AlignedBuffer WideOutput => wideOutput ??= new AlignedBuffer();
}
