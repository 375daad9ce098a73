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
}
