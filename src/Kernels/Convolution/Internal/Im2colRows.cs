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

            // Walk the requested columns one kernel row at a time. The taps of a kernel row that fall inside the image
            // read consecutive pixels, so they are one contiguous run of up to KernelWidth · InChannels values (18 for
            // YOLOv5's 6×6 stem on RGB, instead of six runs of 3), between runs of zeros for the taps left and right of
            // the image; a kernel row above or below the image is all zeros. Only the start needs a division: a
            // division per run cost the 6×6 stem more than its multiply-adds.
            var end = depthStart + depth;
            var kernelY = depthStart / kernelRowLength;
            var p = depthStart;
            var originX = (outX * strideWidth) - padLeft;
            var leftZeros = Math.Clamp(-originX, 0, kernelWidth) * channels;
            var insideEnd = Math.Clamp(inputWidth - originX, 0, kernelWidth) * channels;
            var rowStart = kernelY * kernelRowLength;
            var destination = target - depthStart;
            while (p < end)
            {
                var inY = (outY * strideHeight) - padTop + kernelY;
                var rowEnd = Math.Min(rowStart + kernelRowLength, end);
                if ((uint)inY >= (uint)inputHeight)
                {
                    new Span<float>(destination + p, rowEnd - p).Clear();
                }
                else
                {
                    // Zeros, then the run inside the image, then zeros: each clipped to [p, rowEnd).
                    var insideFrom = Math.Clamp(rowStart + leftZeros, p, rowEnd);
                    var insideTo = Math.Clamp(rowStart + Math.Max(insideEnd, leftZeros), p, rowEnd);
                    new Span<float>(destination + p, insideFrom - p).Clear();
                    var source = input + ((((long)inY * inputWidth) + originX) * channels) - rowStart;
                    Copy(source + insideFrom, destination + insideFrom, insideTo - insideFrom);
                    new Span<float>(destination + insideTo, rowEnd - insideTo).Clear();
                }

                p = rowEnd;
                rowStart += kernelRowLength;
                kernelY++;
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
