using Toolkit.Kernels.Gemm.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// The int8 GEMM loop nest of one tier, one parallel item per (row block × column block) of C. Per item, each B panel
/// meets every strip of <c>TKernel.Rows</c> rows of the row block, so the panel is read from cache once per strip and
/// the row block (sized to stay in L2) once per panel. The micro-kernel sums the whole depth into a private tile, which
/// the epilogue writes out. A strip with fewer rows than the tile, or whose last row's four-byte groups would read past
/// the end of A, is first copied into a zero-padded strip, so the micro-kernel only ever sees full tiles it may read.
/// </summary>
internal unsafe struct Int8GemmBody<TKernel, TEpilogue> : IParallelBody
    where TKernel : struct, IInt8MicroKernel
    where TEpilogue : struct, IInt8Epilogue
{
    /// <summary>The bytes of A one row block keeps in L2 across the panels.</summary>
    private const int RowBlockBytes = 256 << 10;

    public int RowCount;
    public byte* A;
    public nint Lda;

    /// <summary>Rows from this one on go through the padded strip: reading their last group whole could leave A.</summary>
    public int FirstUnsafeRow;
    public PackedInt8Matrix B;
    public TEpilogue Epilogue;
    public int RowBlock;
    public int PanelsPerItem;
    public int ItemColumnBlocks;

    /// <summary>Rows per block for <paramref name="rows"/> rows of <paramref name="groups"/> groups: a multiple of the tile height, as even as the blocks allow.</summary>
    public static int RowBlockFor(int rows, int groups)
    {
        var limit = Math.Max(RowBlockBytes / (groups * 4) / TKernel.Rows, 1) * TKernel.Rows;
        var blocks = (rows + limit - 1) / limit;
        var even = (rows + blocks - 1) / blocks;
        return (even + TKernel.Rows - 1) / TKernel.Rows * TKernel.Rows;
    }

    public readonly void Run(int index)
    {
        var row0 = index / ItemColumnBlocks * RowBlock;
        var rowEnd = Math.Min(row0 + RowBlock, RowCount);
        var panel0 = index % ItemColumnBlocks * PanelsPerItem;
        var panelEnd = Math.Min(panel0 + PanelsPerItem, B.PanelCount);
        var groups = B.Groups;
        var depthBytes = groups * 4;

        var scratch = Int8Scratch.Buffer.Get(((TKernel.Rows * TKernel.Columns * sizeof(int)) + (TKernel.Rows * depthBytes) + 3) / 4);
        var tile = (int*)scratch;
        var padded = (byte*)(tile + (TKernel.Rows * TKernel.Columns));
        var paddedRow = -1;

        for (var panel = panel0; panel < panelEnd; panel++)
        {
            var column = panel * TKernel.Columns;
            var columns = Math.Min(TKernel.Columns, B.Columns - column);
            var weights = B.Panel(panel);
            for (var row = row0; row < rowEnd; row += TKernel.Rows)
            {
                var rows = Math.Min(TKernel.Rows, rowEnd - row);
                if (rows == TKernel.Rows && row + rows <= FirstUnsafeRow)
                {
                    TKernel.Run(groups, A + (row * Lda), Lda, weights, tile);
                }
                else
                {
                    if (paddedRow != row)
                    {
                        CopyPadded(row, rows, depthBytes, padded);
                        paddedRow = row;
                    }

                    TKernel.Run(groups, padded, depthBytes, weights, tile);
                }

                Epilogue.Store(tile, TKernel.Columns, row, column, rows, columns);
            }
        }
    }

    /// <summary>Copies the strip's rows (depth bytes each) into a full tile of rows padded with zeros to whole groups.</summary>
    private readonly void CopyPadded(int row, int rows, int depthBytes, byte* padded)
    {
        new Span<byte>(padded, TKernel.Rows * depthBytes).Clear();
        for (var i = 0; i < rows; i++)
        {
            new ReadOnlySpan<byte>(A + ((row + i) * Lda), B.Depth).CopyTo(new Span<byte>(padded + (i * depthBytes), B.Depth));
        }
    }
}

/// <summary>Per-thread scratch of the int8 driver: the tile and the padded strip.</summary>
internal static class Int8Scratch
{
    [ThreadStatic]
    private static AlignedBuffer? buffer;

    public static AlignedBuffer Buffer => buffer ??= new AlignedBuffer();
}
