using System.Runtime.CompilerServices;
using Toolkit.Kernels.Gemm.Internal;

namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>
/// A stride-1 convolution's im2col rows read in place from a zero-padded copy of its input, so no block of A is ever
/// gathered. Output pixels are numbered over the padded width: row i = oy·PaddedWidth + ox. Then the taps of kernel row
/// ky for row i are the KernelWidth·InChannels values at padded pixel i + ky·PaddedWidth, and row i + 1 reads one pixel
/// further on: kernel row ky of A is the padded image itself, InChannels floats per row. The rows with ox ≥ OutputWidth
/// read across the right and left padding and are computed but discarded (their share of the work is
/// (KernelWidth − 1) / PaddedWidth). A depth block never crosses a kernel row (<see cref="DepthBlock"/>).
/// </summary>
internal readonly unsafe struct ShiftedRows(float* padded, Conv2dGeometry geometry) : IRowSource
{
    private readonly float* padded = padded;
    private readonly int channels = geometry.InChannels;
    private readonly int kernelRowLength = geometry.KernelWidth * geometry.InChannels;
    private readonly int paddedWidth = PaddedWidth(geometry);

    /// <summary>
    /// The shortest kernel row read this way. Each kernel row is at least one depth block, and every block costs a
    /// round trip of C through the staged sums: a 3×3 kernel over 3 channels would run its 27 taps in 3 blocks of 9.
    /// </summary>
    private const int MinimumKernelRowLength = 96;

    /// <summary>
    /// The most extra rows computed over the padded width and discarded, as a fraction of the output pixels. Reading in
    /// place saves gathering every value of A and packing it; the discarded rows cost their share. Side by side on an
    /// AMD EPYC Zen 5 (<c>micro --filter '*Perf_Conv2d*' --job short</c>, 3×3 kernels, channels in = out), against
    /// gathering, at AVX-512: 56×56×64 (3.6% extra rows) 3% faster, 28×28×128 (7%) 12% faster, 14×14×256 (13%) the same,
    /// 7×7×512 (24%) 24% slower; at AVX2: 56×56 11% and 28×28 8% faster, 14×14 3% and 7×7 32% slower.
    /// </summary>
    private const double MostDiscardedShare = 0.12;

    /// <summary>Whether a convolution can run this way: dense, stride 1, and not a plain GEMM already.</summary>
    public static bool CanRun(Conv2dGeometry g) =>
        g.Groups == 1 && g.StrideHeight == 1 && g.StrideWidth == 1 && !g.IsPointwise;

    /// <summary>
    /// Whether it pays to: kernel rows of at least <see cref="MinimumKernelRowLength"/> floats and few enough discarded
    /// rows.
    /// </summary>
    public static bool Pays(Conv2dGeometry g) =>
        CanRun(g) && g.KernelWidth * g.InChannels >= MinimumKernelRowLength &&
        RowCount(g) <= (1 + MostDiscardedShare) * g.OutputHeight * g.OutputWidth;

    public static int PaddedWidth(Conv2dGeometry g) => g.InputWidth + g.PadLeft + g.PadRight;

    public static int PaddedHeight(Conv2dGeometry g) => g.InputHeight + g.PadTop + g.PadBottom;

    /// <summary>Rows of the GEMM: every output pixel, numbered over the padded width, up to the last real one.</summary>
    public static int RowCount(Conv2dGeometry g) => ((g.OutputHeight - 1) * PaddedWidth(g)) + g.OutputWidth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Rows(int row, int rows, int depthStart, int depth, float* scratch, out nint stride)
    {
        stride = channels;
        var kernelY = depthStart / kernelRowLength;
        var column = depthStart - (kernelY * kernelRowLength);
        return padded + (((long)row + ((long)kernelY * paddedWidth)) * channels) + column;
    }

    /// <summary>
    /// True: a strip's rows are consecutive pixels, InChannels floats apart, so a strip and its depth block are one
    /// compact run of the padded image, which the micro-kernel reads as well as a packed strip; packing it would only
    /// add the copy this source exists to avoid.
    /// </summary>
    public bool AlwaysInPlace => true;

    /// <summary>
    /// Depth blocks of one size that tile each kernel row exactly: the kernel row cut into as few blocks of at most
    /// <paramref name="most"/> as divide it evenly (a 3×3 kernel over 128 channels: 384 = 2 × 192).
    /// </summary>
    public int DepthBlock(int depth, int most)
    {
        var blocks = (kernelRowLength + most - 1) / most;
        while (kernelRowLength % blocks != 0)
        {
            blocks++;
        }

        return kernelRowLength / blocks;
    }

    /// <summary>Copies the NHWC <paramref name="input"/> into <paramref name="target"/> with its zero border.</summary>
    public static void Pad(float* input, Conv2dGeometry g, float* target)
    {
        var width = PaddedWidth(g);
        var rowFloats = (long)width * g.InChannels;
        var inputRowFloats = (long)g.InputWidth * g.InChannels;
        new Span<float>(target, checked((int)(rowFloats * g.PadTop))).Clear();
        for (var y = 0; y < g.InputHeight; y++)
        {
            var row = target + ((g.PadTop + y) * rowFloats);
            new Span<float>(row, g.PadLeft * g.InChannels).Clear();
            new ReadOnlySpan<float>(input + (y * inputRowFloats), (int)inputRowFloats).CopyTo(new Span<float>(row + (g.PadLeft * g.InChannels), (int)inputRowFloats));
            new Span<float>(row + (g.PadLeft * g.InChannels) + inputRowFloats, g.PadRight * g.InChannels).Clear();
        }

        new Span<float>(target + ((g.PadTop + g.InputHeight) * rowFloats), checked((int)(rowFloats * g.PadBottom))).Clear();
    }
}
