using System.Runtime.CompilerServices;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// Where the GEMM's left operand A comes from: a dense row-major matrix that the micro-kernel reads in place, or a
/// convolution's input gathered block by block into im2col rows, never materialising the whole im2col matrix. The
/// driver is generic over it, so each source is inlined.
/// </summary>
internal unsafe interface IRowSource
{
    /// <summary>
    /// Returns A's rows [<paramref name="row"/>, row + <paramref name="rows"/>), starting at column
    /// <paramref name="depthStart"/>, as a row-major block with leading dimension <paramref name="stride"/>: either in
    /// place, or gathered into <paramref name="scratch"/> (room for rows × <paramref name="depth"/> floats).
    /// </summary>
    float* Rows(int row, int rows, int depthStart, int depth, float* scratch, out nint stride);

    /// <summary>
    /// Whether strips of A are always read in place at any depth and panel count: rows that lie a few cache lines apart
    /// in one compact block are read as fast as a packed strip, and packing them would only add a copy.
    /// </summary>
    bool AlwaysInPlace { get; }

    /// <summary>
    /// The depth of every cache block for a depth of <paramref name="depth"/>, at most <paramref name="most"/>; no block
    /// handed to <see cref="Rows"/> is deeper. It depends on the shape alone, so every thread count sums each element of
    /// C in the same order.
    /// </summary>
    int DepthBlock(int depth, int most);
}

/// <summary>A row-major matrix with leading dimension <see cref="Stride"/>, read in place.</summary>
internal readonly unsafe struct DenseRows(float* data, nint stride) : IRowSource
{
    public float* Data { get; } = data;

    public nint Stride { get; } = stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Rows(int row, int rows, int depthStart, int depth, float* scratch, out nint stride)
    {
        stride = Stride;
        return Data + (row * Stride) + depthStart;
    }

    /// <summary>False: a dense matrix's rows are a whole depth apart; its strips are packed when that pays (<c>PackedGemmBody.ReadsInPlace</c>).</summary>
    public bool AlwaysInPlace => false;

    public int DepthBlock(int depth, int most) => EvenDepthBlock(depth, most);

    /// <summary>
    /// The depth cut into as few blocks of at most <paramref name="most"/> as it takes, all of one size. Blocks of the
    /// full size with a short tail (288 = 256 + 32 for a 3×3 convolution over 32 channels) spend the tail's block on a C
    /// round trip and an epilogue for a few multiply-adds; 144 + 144 does not.
    /// </summary>
    public static int EvenDepthBlock(int depth, int most)
    {
        var blocks = Math.Max((depth + most - 1) / most, 1);
        return (depth + blocks - 1) / blocks;
    }
}
