namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// Where the GEMM's left operand A comes from: a dense row-major matrix, or a convolution's input read as im2col rows
/// without ever materialising the whole im2col matrix. The driver is generic over it, so each source is inlined.
/// </summary>
internal unsafe interface IRowSource
{
    /// <summary>
    /// Packs rows [<paramref name="row"/>, row + <paramref name="rows"/>) and columns [<paramref name="depthStart"/>,
    /// depthStart + <paramref name="depth"/>) of A into <paramref name="destination"/> as depth groups of
    /// <paramref name="stripRows"/> values (value (r, p) at p·stripRows + r). Rows from <paramref name="rows"/> up to
    /// stripRows are zero.
    /// </summary>
    void PackStrip(int row, int rows, int depthStart, int depth, float* destination, int stripRows);
}

/// <summary>A row-major matrix with leading dimension <see cref="Stride"/>.</summary>
internal readonly unsafe struct DenseRows(float* data, nint stride) : IRowSource
{
    public float* Data { get; } = data;

    public nint Stride { get; } = stride;

    public void PackStrip(int row, int rows, int depthStart, int depth, float* destination, int stripRows)
    {
        for (var r = 0; r < rows; r++)
        {
            var source = Data + ((row + r) * Stride) + depthStart;
            var target = destination + r;
            for (var p = 0; p < depth; p++)
            {
                target[p * stripRows] = source[p];
            }
        }

        ZeroMissingRows(rows, depth, destination, stripRows);
    }

    /// <summary>Zeroes rows [rows, stripRows) of a packed strip, so an edge tile reads zeros, not garbage.</summary>
    public static void ZeroMissingRows(int rows, int depth, float* destination, int stripRows)
    {
        if (rows == stripRows)
        {
            return;
        }

        for (var p = 0; p < depth; p++)
        {
            new Span<float>(destination + (p * stripRows) + rows, stripRows - rows).Clear();
        }
    }
}
