using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

        // Divisions only once per call: the output pixel advances by one per row, and every row starts at the same
        // kernel row. Divisions per row cost MobileNetV1's and YOLOv5's RGB stems more than their multiply-adds.
        var outY = row / outputWidth;
        var outX = row - (outY * outputWidth);
        var firstKernelY = depthStart / kernelRowLength;
        var end = depthStart + depth;
        var wholeKernelRows = depthStart == firstKernelY * kernelRowLength && end % kernelRowLength == 0;
        for (var r = 0; r < rows; r++)
        {
            var target = scratch + ((long)r * depth);
            var originX = (outX * strideWidth) - padLeft;
            var leftZeros = Math.Clamp(-originX, 0, kernelWidth) * channels;
            var insideEnd = Math.Clamp(inputWidth - originX, 0, kernelWidth) * channels;
            var firstInY = (outY * strideHeight) - padTop + firstKernelY;
            if (wholeKernelRows && leftZeros == 0 && insideEnd == kernelRowLength)
            {
                // A pixel whose taps all lie inside the image horizontally: each kernel row is one run (or zeros).
                var source = input + ((((long)firstInY * inputWidth) + originX) * channels);
                var sourceStride = (long)inputWidth * channels;
                for (var offset = 0; offset < depth; offset += kernelRowLength)
                {
                    if ((uint)firstInY >= (uint)inputHeight)
                    {
                        Zero(target + offset, kernelRowLength);
                    }
                    else
                    {
                        Copy(source, target + offset, kernelRowLength);
                    }

                    firstInY++;
                    source += sourceStride;
                }
            }
            else
            {
                Gather(target - depthStart, depthStart, end, firstKernelY, firstInY, originX, leftZeros, insideEnd);
            }

            if (++outX == outputWidth)
            {
                outX = 0;
                outY++;
            }
        }

        return scratch;
    }

    /// <summary>False: the gathered block is a dense matrix.</summary>
    public bool AlwaysInPlace => false;

    public int DepthBlock(int depth, int most) => DenseRows.EvenDepthBlock(depth, most);

    /// <summary>
    /// Columns [p, end) of one row, one kernel row at a time. The taps of a kernel row that fall inside the image read
    /// consecutive pixels, so they are one contiguous run of up to KernelWidth · InChannels values (18 for YOLOv5's 6×6
    /// stem on RGB, instead of six runs of 3), between runs of zeros for the taps left and right of the image; a
    /// kernel row above or below the image is all zeros. <paramref name="destination"/> is indexed by column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Gather(float* destination, int p, int end, int kernelY, int inY, int originX, int leftZeros, int insideEnd)
    {
        var rowStart = kernelY * kernelRowLength;
        while (p < end)
        {
            var rowEnd = Math.Min(rowStart + kernelRowLength, end);
            if ((uint)inY >= (uint)inputHeight)
            {
                Zero(destination + p, rowEnd - p);
            }
            else
            {
                // Zeros, then the run inside the image, then zeros: each clipped to [p, rowEnd).
                var insideFrom = Math.Clamp(rowStart + leftZeros, p, rowEnd);
                var insideTo = Math.Clamp(rowStart + Math.Max(insideEnd, leftZeros), p, rowEnd);
                Zero(destination + p, insideFrom - p);
                var source = input + ((((long)inY * inputWidth) + originX) * channels) - rowStart;
                Copy(source + insideFrom, destination + insideFrom, insideTo - insideFrom);
                Zero(destination + insideTo, rowEnd - insideTo);
            }

            p = rowEnd;
            rowStart += kernelRowLength;
            inY++;
        }
    }

    /// <summary>The padding taps beside a run: usually none, so the common case is one compare, not a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero(float* destination, int count)
    {
        if (count > 0)
        {
            new Span<float>(destination, count).Clear();
        }
    }

    /// <summary>
    /// A run of a kernel row: as long as the taps × channels of one kernel row (18 floats on YOLOv5's RGB stem, which
    /// copies 614,400 such runs per image). A span copy's call and its length dispatch cost more than the copy at these
    /// lengths, so runs up to 64 floats copy as two overlapping vectors of the largest width that fits (the overlap
    /// writes the same values twice); only longer runs go through the span copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* source, float* destination, int count)
    {
        if (count >= 16 && count <= 32 && Avx512F.IsSupported)
        {
            Vector512.Store(Vector512.Load(source), destination);
            Vector512.Store(Vector512.Load(source + count - 16), destination + count - 16);
        }
        else if (count >= 8 && count <= 16 && Avx.IsSupported)
        {
            Vector256.Store(Vector256.Load(source), destination);
            Vector256.Store(Vector256.Load(source + count - 8), destination + count - 8);
        }
        else if (count >= 4 && count <= 8)
        {
            Vector128.Store(Vector128.Load(source), destination);
            Vector128.Store(Vector128.Load(source + count - 4), destination + count - 4);
        }
        else if (count < 4)
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
