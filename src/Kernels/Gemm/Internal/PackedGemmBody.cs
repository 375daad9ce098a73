using System.Runtime.CompilerServices;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// The blocked GEMM loop nest of one vector tier, run as one parallel item per (row block × column block) tile of C.
/// Per tile: for each column block of <c>TKernel.ColumnBlock</c> columns, for each depth block (always in increasing
/// order, so every element of C sums in the same order on any thread count), sweep every strip of A over every B panel
/// of the column block. The strips are packed (<see cref="PackedStrips"/>) during the first column block and kept for
/// the others. One strip (L1) meets the column block's B slice (L2) before the next strip comes, the order BLIS uses:
/// B is read as two full-width vector loads per depth step, A as one contiguous stream of broadcasts. With several
/// depth blocks the partial sums go to a private, unaliased copy of the column block's C, and C is written once.
/// Tiles cut by an edge of C go through a private tile, so the micro-kernel only ever sees full tiles.
/// </summary>
internal unsafe struct PackedGemmBody<TKernel, TSource, TOp> : IParallelBody
    where TKernel : struct, IMicroKernel
    where TSource : struct, IRowSource
    where TOp : struct, IUnaryOperator
{
    /// <summary>
    /// A short bottom strip of up to this many rows runs row by row: a full tile spends Rows rows of FMAs on it, while
    /// a row costs about a third of a tile (its two FMA chains wait on the 4-cycle latency, where the tile keeps both
    /// ports busy). Two rows cost less than a tile, three about the same; 1024 = 85·12 + 4 and MobileNetV1's 196, 784,
    /// 3136 and 12544 rows all leave 4, which measured faster as a padded tile. M = 1 (a classifier) stays a GEMV.
    /// </summary>
    private static int RowByRowLimit => TKernel.Rows / 6;

    public int RowCount;
    public TSource Source;
    public PackedPanels B;
    public float* C;
    public nint Ldc;
    public float* Bias;

    /// <summary>Columns of C per parallel item (a multiple of the panel width).</summary>
    public int ItemColumns;

    /// <summary>Parallel items per row block.</summary>
    public int ItemColumnBlocks;

    /// <summary>Rows of A per parallel item: <c>TKernel.RowBlock</c>, or fewer when the packed rows would exceed <see cref="PackedBudgetFloats"/>.</summary>
    public int RowBlock;

    /// <summary>
    /// An item packs its rows of A over the whole depth once and keeps them (8 MiB at most, per thread): the column
    /// blocks then revisit the packed strips instead of packing A again, and the item's C stays in L2 across depth blocks.
    /// </summary>
    private const int PackedBudgetFloats = 2 << 20;

    /// <summary>Pads the staged C's rows (ColumnBlock floats) so that they are not 4 KiB apart and fall into different L1 sets.</summary>
    private const int StagePaddingFloats = 16;

    /// <summary>
    /// Depths up to this read A in place (<c>TKernel.RunInPlace</c>): a strip costs about as much to pack as to multiply
    /// by a few panels when the depth is small (MobileNetV1's first layers: 27 and 32), and a depth block of a panel this
    /// shallow (16 KiB on AVX-512) stays in L1 beside the A rows, so nothing needs the packed strip's locality. Measured
    /// side by side on AVX-512, in place ran 7–10% faster at 3136×128×128 and 2–3% at 784×256×128 (M×N×K), and the same
    /// at depth 256.
    /// </summary>
    public const int InPlaceDepthLimit = 128;

    /// <summary>
    /// At most this many panels read A in place at any depth. A packed strip pays for itself by serving every panel of
    /// the column block; with one or two panels (YOLOv5's 32- and 64-channel convolutions) the packing cost about as
    /// much as the multiply-adds and held them near 40 GFLOP/s. The depth stays blocked, so a convolution's gathered
    /// block of A (RowBlock × one depth block) stays in L2 however deep the im2col rows are.
    /// </summary>
    public const int InPlacePanelLimit = 2;

    /// <summary>Whether full strips of A are read in place (<c>TKernel.RunInPlace</c>) rather than packed.</summary>
    public static bool ReadsInPlace(int depth, int columns) =>
        depth <= InPlaceDepthLimit || (columns + TKernel.Columns - 1) / TKernel.Columns <= InPlacePanelLimit;

    /// <summary>
    /// The rows one item covers for <paramref name="rows"/> × <paramref name="depth"/>: a multiple of the tile height, at
    /// most <c>TKernel.RowBlock</c>, and as even as the blocks allow. Even blocks spread B's reloads over full-sized
    /// blocks: 1024 rows run as 348 + 348 + 328, not 480 + 480 + 64, whose last block re-reads all of B for 64 rows.
    /// </summary>
    public static int RowBlockFor(int rows, int depth)
    {
        var most = Math.Clamp(PackedBudgetFloats / Math.Max(depth, 1) / TKernel.Rows * TKernel.Rows, TKernel.Rows, TKernel.RowBlock);
        var blocks = Math.Max((rows + most - 1) / most, 1);
        var even = (rows + blocks - 1) / blocks;
        return Math.Max((even + TKernel.Rows - 1) / TKernel.Rows * TKernel.Rows, TKernel.Rows);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly void Run(int index)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, rowBlock = RowBlock;
        var rowStart = index / ItemColumnBlocks * rowBlock;
        var rows = Math.Min(rowBlock, RowCount - rowStart);
        var columnStart = index % ItemColumnBlocks * ItemColumns;
        var columnEnd = Math.Min(columnStart + ItemColumns, B.Columns);
        var fullStrips = rows / mr;
        var packedRows = rows - (fullStrips * mr) > RowByRowLimit ? rows : fullStrips * mr;
        var strips = (packedRows + mr - 1) / mr;
        var depth = B.Depth;

        // A small depth, too few panels to amortise a packed strip, or a source whose rows lie close together reads
        // full strips of A in place.
        var inPlace = Source.AlwaysInPlace || ReadsInPlace(depth, B.Columns);
        var depthBlock = Source.DepthBlock(depth, TKernel.DepthBlock);

        // Scratch: the gathered block of A (one depth block), the packed strips of every depth block, the edge tile and its bias.
        var stagedLd = TKernel.ColumnBlock + StagePaddingFloats;
        var gathered = GemmScratch.PackedA.Get(((long)rowBlock * depthBlock) + ((long)rowBlock * depth) + ((long)rowBlock * stagedLd) + (mr * nr) + nr);
        var packed = gathered + ((long)rowBlock * depthBlock);
        var stagedC = packed + ((long)rowBlock * depth);
        var edgeTile = stagedC + ((long)rowBlock * stagedLd);
        var edgeBias = edgeTile + (mr * nr);

        // With more than one depth block the partial sums live in a private, unaliased copy of the column block's C
        // and reach C once, after the last depth block (with the epilogue applied).
        var staged = depth > depthBlock;
        var edgePanels = B.Columns % nr != 0;

        // Column blocks outside depth blocks: a column block's C (rows × ColumnBlock) and its B slice of one depth block
        // both fit in L2, so the partial sums come back from L2, not L3, on the next depth block.
        for (var blockStart = columnStart; blockStart < columnEnd; blockStart += TKernel.ColumnBlock)
        {
            var blockEnd = Math.Min(blockStart + TKernel.ColumnBlock, columnEnd);
            var first = blockStart == columnStart;
            for (var depthStart = 0; depthStart < depth; depthStart += depthBlock)
            {
                var kc = Math.Min(depthBlock, depth - depthStart);
                var accumulate = depthStart > 0;
                var last = depthStart + kc == depth;
                var a = (float*)null;
                nint lda = 0;
                if (first || inPlace)
                {
                    // In place, the block is fetched again per column block: the bottom rows below may reuse the scratch.
                    a = Source.Rows(rowStart, packedRows, depthStart, kc, gathered, out lda);
                }

                for (var s = 0; s < strips; s++)
                {
                    var strip = packed + ((long)depthStart * rowBlock) + ((long)s * mr * kc);
                    var stripRows = Math.Min(mr, rows - (s * mr));
                    var readInPlace = inPlace && stripRows == mr;
                    if (first && (!readInPlace || edgePanels))
                    {
                        // Packed right before its first use, so the strip is still in L1 for the first panels.
                        PackedStrips.Pack(a + (s * mr * lda), lda, stripRows, kc, mr, strip);
                    }

                    // Partial sums go to the staged block; the last depth block adds them and writes C itself.
                    var stage = stagedC + ((long)s * mr * stagedLd) - blockStart;
                    var sum = accumulate ? stage : null;
                    var target = staged && !last ? stage : C + ((rowStart + (s * mr)) * Ldc);
                    var ldc = staged && !last ? stagedLd : Ldc;
                    for (var column = blockStart; column < blockEnd; column += nr)
                    {
                        var panel = Panel(column, depthStart);
                        var width = Math.Min(nr, B.Columns - column);
                        var bias = PanelBias(column, width, last, edgeBias);
                        var panelSum = sum == null ? null : sum + column;
                        if (width == nr && readInPlace)
                        {
                            TKernel.RunInPlace<TOp>(kc, a + (s * mr * lda), lda, panel, target + column, ldc, panelSum, stagedLd, bias, last);
                        }
                        else if (width == nr && stripRows == mr)
                        {
                            TKernel.Run<TOp>(kc, strip, panel, target + column, ldc, panelSum, stagedLd, bias, last);
                        }
                        else
                        {
                            EdgeTile(kc, strip, panel, target + column, ldc, panelSum, stagedLd, stripRows, width, edgeTile, bias, last);
                        }
                    }
                }

                if (packedRows < rows)
                {
                    // The few bottom rows (at most RowByRowLimit) run row by row, read in place.
                    var rest = Source.Rows(rowStart + packedRows, rows - packedRows, depthStart, kc, gathered, out var restLda);
                    for (var r = 0; r < rows - packedRows; r++)
                    {
                        var c = C + ((rowStart + packedRows + r) * Ldc);
                        for (var column = blockStart; column < blockEnd; column += nr)
                        {
                            var width = Math.Min(nr, B.Columns - column);
                            var bias = PanelBias(column, width, last, edgeBias);
                            EdgeRow(kc, rest + (r * restLda), Panel(column, depthStart), c + column, width, edgeTile, bias, accumulate, last);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Row <paramref name="depthStart"/> of the panel starting at <paramref name="column"/>. The same address as
    /// <see cref="PackedPanels.Panel"/>, with the panel width known at compile time, so the division per tile is a shift.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly float* Panel(int column, int depthStart) =>
        B.Data + ((long)(column / TKernel.Columns) * B.Depth * TKernel.Columns) + ((long)depthStart * TKernel.Columns);

    /// <summary>The bias of a panel on the last depth block (else null); a panel cut by the right edge gets a zero-padded copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly float* PanelBias(int column, int width, bool last, float* edgeBias)
    {
        if (!last || Bias == null)
        {
            return null;
        }

        if (width == TKernel.Columns)
        {
            return Bias + column;
        }

        // The kernel reads a full tile of bias.
        new Span<float>(Bias + column, width).CopyTo(new Span<float>(edgeBias, TKernel.Columns));
        new Span<float>(edgeBias + width, TKernel.Columns - width).Clear();
        return edgeBias;
    }

    /// <summary>One row of C through the one-row kernel, via a private row when the panel is cut by the right edge.</summary>
    private static void EdgeRow(int kc, float* a, float* panel, float* c, int width, float* row, float* bias, bool accumulate, bool last)
    {
        if (width == TKernel.Columns)
        {
            TKernel.RunRow<TOp>(kc, a, panel, c, accumulate ? c : null, bias, last);
            return;
        }

        if (accumulate)
        {
            new Span<float>(c, width).CopyTo(new Span<float>(row, width));
        }

        TKernel.RunRow<TOp>(kc, a, panel, row, accumulate ? row : null, bias, last);
        new Span<float>(row, width).CopyTo(new Span<float>(c, width));
    }

    /// <summary>A tile cut by the edge of C: run the full kernel on a private tile and copy the valid part.</summary>
    private static void EdgeTile(int kc, float* strip, float* panel, float* c, nint ldc, float* sum, nint ldSum, int rows, int width, float* tile, float* bias, bool last)
    {
        var nr = TKernel.Columns;
        if (sum != null)
        {
            for (var r = 0; r < rows; r++)
            {
                new Span<float>(sum + (r * ldSum), width).CopyTo(new Span<float>(tile + (r * nr), width));
            }
        }

        TKernel.Run<TOp>(kc, strip, panel, tile, nr, sum == null ? null : tile, nr, bias, last);
        for (var r = 0; r < rows; r++)
        {
            new Span<float>(tile + (r * nr), width).CopyTo(new Span<float>(c + (r * ldc), width));
        }
    }
}
