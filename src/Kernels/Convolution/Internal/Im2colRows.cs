using System.Runtime.CompilerServices;
using Toolkit.Kernels.Gemm.Internal;

namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>
/// A convolution's input read as the GEMM's A without materialising the im2col matrix: row i is output pixel
/// (i / OutputWidth, i % OutputWidth), column p is (ky, kx, ci) in HWIO order, so p = (ky·KernelWidth + kx)·InChannels + ci
/// and a run of InChannels columns is one contiguous NHWC pixel (or zeros in the padding). Each call gathers only the
/// block the GEMM driver is about to use, into that thread's scratch.
/// </summary>
internal readonly unsafe struct Im2colRows(float* input, Conv2dGeometry geometry) : IRowSource
{
    private readonly float* input = input;
    private readonly int inputHeight = geometry.InputHeight;
    private readonly int inputWidth = geometry.InputWidth;
    private readonly int channels = geometry.InChannels;
    private readonly int kernelWidth = geometry.KernelWidth;
    private readonly int strideHeight = geometry.StrideHeight;
    private readonly int strideWidth = geometry.StrideWidth;
    private readonly int padTop = geometry.PadTop;
    private readonly int padLeft = geometry.PadLeft;
    private readonly int outputWidth = geometry.OutputWidth;
    private readonly int kernelRowLength = geometry.KernelWidth * geometry.InChannels;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float* Rows(int row, int rows, int depthStart, int depth, float* scratch, out nint stride)
    {
        stride = depth;
        for (var r = 0; r < rows; r++)
        {
            var pixel = row + r;
            var outY = pixel / outputWidth;
            var outX = pixel - (outY * outputWidth);
            var target = scratch + ((long)r * depth);

            // Walk the requested columns one run at a time. The taps of one kernel row that fall inside the image read
            // consecutive pixels, so they are one contiguous run of up to KernelWidth · InChannels values (18 for
            // YOLOv5's 6×6 stem on RGB, instead of six runs of 3); a row above or below the image, or the taps left or
            // right of it, are one run of zeros.
            var p = depthStart;
            var end = depthStart + depth;
            while (p < end)
            {
                var kernelY = p / kernelRowLength;
                var offset = p - (kernelY * kernelRowLength);
                var kernelX = offset / channels;
                var channel = offset - (kernelX * channels);
                var inY = (outY * strideHeight) - padTop + kernelY;
                var inX = (outX * strideWidth) - padLeft + kernelX;
                var rowInside = (uint)inY < (uint)inputHeight;
                var inside = rowInside && inX >= 0 && inX < inputWidth;
                var taps = inside ? Math.Min(kernelWidth - kernelX, inputWidth - inX)
                    : rowInside && inX < 0 ? Math.Min(-inX, kernelWidth - kernelX)
                    : kernelWidth - kernelX;
                var count = Math.Min((taps * channels) - channel, end - p);
                var destination = target + (p - depthStart);
                if (inside)
                {
                    Copy(input + ((((long)inY * inputWidth) + inX) * channels) + channel, destination, count);
                }
                else
                {
                    new Span<float>(destination, count).Clear();
                }

                p += count;
            }
        }

        return scratch;
    }

    /// <summary>Short runs (a kernel row of a small RGB first layer) copy faster element by element than through a span copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* source, float* destination, int count)
    {
        if (count <= 8)
        {
            for (var i = 0; i < count; i++)
            {
                destination[i] = source[i];
            }
        }
        else
        {
            new ReadOnlySpan<float>(source, count).CopyTo(new Span<float>(destination, count));
        }
    }
}
