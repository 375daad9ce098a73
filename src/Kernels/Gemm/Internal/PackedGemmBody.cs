using System.Runtime.CompilerServices;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// The blocked GEMM loop nest of one vector tier, run as one parallel item per (row block × column block) tile of C.
/// Per tile: for each depth block (always in increasing order, so every element of C sums in the same order on any
/// thread count) sweep the packed B panels, and for each panel every strip of Rows rows of A. The B micro-panel is
/// reused by every strip while it sits in L1; the row block of A (read in place when dense) stays in L2 for all panels.
/// Strips cut by the bottom edge of A are copied into a zero-padded strip, tiles cut by an edge of C go through a
/// private tile, so the micro-kernel only ever sees full tiles.
/// </summary>
internal unsafe struct PackedGemmBody<TKernel, TSource, TOp> : IParallelBody
    where TKernel : struct, IMicroKernel
    where TSource : struct, IRowSource
    where TOp : struct, IUnaryOperator
{
    /// <summary>
    /// A is read in place unless its row stride is a multiple of this many floats (2 KiB): then the Rows rows of a strip
    /// fall into at most two L1 sets (4 KiB aliasing), more than the 8 ways hold, and every depth step misses. Such
    /// blocks (1024³, or 1×1 convolutions with 512 or 1024 input channels) are first copied into contiguous scratch.
    /// </summary>
    private const int AliasingStride = 512;

    /// <summary>
    /// A short bottom strip of up to this many rows runs row by row: a full tile would spend Rows rows of FMAs on it,
    /// while a row costs a little more than 1/Rows of a tile (its FMA chains are latency-bound). At a third of the tile
    /// the two cost about the same. This is what makes M = 1 (a classifier) a GEMV instead of a 1-in-12 padded GEMM.
    /// </summary>
    private static int RowByRowLimit => TKernel.Rows / 3;

    public int RowCount;
    public TSource Source;
    public PackedPanels B;
    public float* C;
    public nint Ldc;
    public float* Bias;
    public int ColumnBlock;
    public int ColumnBlocks;

    /// <summary>Floats of per-thread scratch one tile needs: the gathered A block, the padded edge strip, the edge tile and its bias.</summary>
    public static long ScratchFloats =>
        ((long)TKernel.RowBlock * TKernel.DepthBlock) + ((long)TKernel.Rows * TKernel.DepthBlock) + (TKernel.Rows * TKernel.Columns) + TKernel.Columns;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly void Run(int index)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, depthBlock = TKernel.DepthBlock, rowBlock = TKernel.RowBlock;
        var rowStart = index / ColumnBlocks * rowBlock;
        var rows = Math.Min(rowBlock, RowCount - rowStart);
        var columnStart = index % ColumnBlocks * ColumnBlock;
        var columnEnd = Math.Min(columnStart + ColumnBlock, B.Columns);
        var fullStrips = rows / mr;
        var edgeRows = rows - (fullStrips * mr);
        var depth = B.Depth;

        var scratch = GemmScratch.PackedA.Get(ScratchFloats);
        var edgeStrip = scratch + ((long)rowBlock * depthBlock);
        var edgeTile = edgeStrip + (mr * depthBlock);
        var edgeBias = edgeTile + (mr * nr);

        for (var depthStart = 0; depthStart < depth; depthStart += depthBlock)
        {
            var kc = Math.Min(depthBlock, depth - depthStart);
            var accumulate = depthStart > 0;
            var last = depthStart + kc == depth;
            var a = Source.Rows(rowStart, rows, depthStart, kc, scratch, out var lda);
            if (lda % AliasingStride == 0 && a != scratch)
            {
                a = Gather(a, lda, rows, kc, scratch);
                lda = kc;
            }
            if (edgeRows > RowByRowLimit)
            {
                PadStrip(a + (fullStrips * mr * lda), lda, edgeRows, kc, edgeStrip);
            }

            for (var column = columnStart; column < columnEnd; column += nr)
            {
                var panel = B.Panel(column, depthStart);
                var width = Math.Min(nr, B.Columns - column);
                var bias = last && Bias != null ? Bias + column : null;
                if (bias != null && width < nr)
                {
                    // The kernel reads a full tile of bias; give it a zero-padded copy.
                    new Span<float>(bias, width).CopyTo(new Span<float>(edgeBias, nr));
                    new Span<float>(edgeBias + width, nr - width).Clear();
                    bias = edgeBias;
                }

                var c = C + (rowStart * Ldc) + column;
                for (var s = 0; s < fullStrips; s++)
                {
                    var strip = a + (s * mr * lda);
                    var tile = c + (s * mr * Ldc);
                    if (width == nr)
                    {
                        TKernel.Run<TOp>(kc, strip, lda, panel, tile, Ldc, bias, accumulate, last);
                    }
                    else
                    {
                        EdgeTile(kc, strip, lda, panel, tile, mr, width, edgeTile, bias, accumulate, last);
                    }
                }

                if (edgeRows > RowByRowLimit)
                {
                    EdgeTile(kc, edgeStrip, kc, panel, c + (fullStrips * mr * Ldc), edgeRows, width, edgeTile, bias, accumulate, last);
                }
                else
                {
                    for (var r = fullStrips * mr; r < rows; r++)
                    {
                        EdgeRow(kc, a + (r * lda), panel, c + (r * Ldc), width, edgeTile, bias, accumulate, last);
                    }
                }
            }
        }
    }

    /// <summary>Copies a block of A into contiguous rows (leading dimension = depth) in this thread's scratch.</summary>
    private static float* Gather(float* a, nint lda, int rows, int depth, float* scratch)
    {
        for (var r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(a + (r * lda), depth).CopyTo(new Span<float>(scratch + ((long)r * depth), depth));
        }

        return scratch;
    }

    /// <summary>Copies the last, short strip of A into a full strip whose missing rows are zero.</summary>
    private static void PadStrip(float* a, nint lda, int rows, int depth, float* strip)
    {
        for (var r = 0; r < TKernel.Rows; r++)
        {
            var target = new Span<float>(strip + (r * depth), depth);
            if (r < rows)
            {
                new ReadOnlySpan<float>(a + (r * lda), depth).CopyTo(target);
            }
            else
            {
                target.Clear();
            }
        }
    }

    /// <summary>One row of C through the one-row kernel, via a private row when the panel is cut by the right edge.</summary>
    private static void EdgeRow(int kc, float* a, float* panel, float* c, int width, float* row, float* bias, bool accumulate, bool last)
    {
        if (width == TKernel.Columns)
        {
            TKernel.RunRow<TOp>(kc, a, panel, c, bias, accumulate, last);
            return;
        }

        if (accumulate)
        {
            new Span<float>(c, width).CopyTo(new Span<float>(row, width));
        }

        TKernel.RunRow<TOp>(kc, a, panel, row, bias, accumulate, last);
        new Span<float>(row, width).CopyTo(new Span<float>(c, width));
    }

    /// <summary>A tile cut by the edge of C: run the full kernel on a private tile and copy the valid part.</summary>
    private readonly void EdgeTile(int kc, float* a, nint lda, float* panel, float* c, int rows, int width, float* tile, float* bias, bool accumulate, bool last)
    {
        var nr = TKernel.Columns;
        if (accumulate)
        {
            for (var r = 0; r < rows; r++)
            {
                new Span<float>(c + (r * Ldc), width).CopyTo(new Span<float>(tile + (r * nr), width));
            }
        }

        TKernel.Run<TOp>(kc, a, lda, panel, tile, nr, bias, accumulate, last);
        for (var r = 0; r < rows; r++)
        {
            new Span<float>(tile + (r * nr), width).CopyTo(new Span<float>(c + (r * Ldc), width));
        }
    }
}
