using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// The packed GEMM loop nest of one vector tier, run as one parallel item per (row block × column block) tile of C.
/// Per tile: for each depth block (always in increasing order, so every element of C sums in the same order on any
/// thread count) pack the A block into this thread's scratch, then sweep the B panels, and for each panel every A strip.
/// The B micro-panel is reused by every strip while it sits in L1; the A block stays in L2 for all panels.
/// </summary>
internal unsafe struct PackedGemmBody<TKernel, TSource, TOp> : IParallelBody
    where TKernel : struct, IMicroKernel
    where TSource : struct, IRowSource
    where TOp : struct, IUnaryOperator
{
    public int RowCount;
    public TSource Source;
    public PackedPanels B;
    public float* C;
    public nint Ldc;
    public float* Bias;
    public int ColumnBlock;
    public int ColumnBlocks;

    public readonly void Run(int index)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns, depthBlock = TKernel.DepthBlock, rowBlock = TKernel.RowBlock;
        var rowStart = index / ColumnBlocks * rowBlock;
        var rows = Math.Min(rowBlock, RowCount - rowStart);
        var columnStart = index % ColumnBlocks * ColumnBlock;
        var columnEnd = Math.Min(columnStart + ColumnBlock, B.Columns);
        var strips = (rows + mr - 1) / mr;
        var depth = B.Depth;

        var scratch = GemmScratch.PackedA.Get(((long)rowBlock * depthBlock) + (mr * nr) + nr);
        var edgeTile = scratch + ((long)rowBlock * depthBlock);
        var edgeBias = edgeTile + (mr * nr);

        for (var depthStart = 0; depthStart < depth; depthStart += depthBlock)
        {
            var kc = Math.Min(depthBlock, depth - depthStart);
            var accumulate = depthStart > 0;
            var last = depthStart + kc == depth;
            for (var s = 0; s < strips; s++)
            {
                Source.PackStrip(rowStart + (s * mr), Math.Min(mr, rows - (s * mr)), depthStart, kc, scratch + ((long)s * mr * kc), mr);
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

                for (var s = 0; s < strips; s++)
                {
                    var stripRows = Math.Min(mr, rows - (s * mr));
                    var a = scratch + ((long)s * mr * kc);
                    var c = C + ((rowStart + (s * mr)) * Ldc) + column;
                    if (stripRows == mr && width == nr)
                    {
                        TKernel.Run<TOp>(kc, a, panel, c, Ldc, bias, accumulate, last);
                    }
                    else
                    {
                        EdgeTile(kc, a, panel, c, stripRows, width, edgeTile, bias, accumulate, last);
                    }
                }
            }
        }
    }

    /// <summary>A tile cut by the edge of C: run the full kernel on a private tile and copy the valid part.</summary>
    private readonly void EdgeTile(int kc, float* a, float* panel, float* c, int rows, int width, float* tile, float* bias, bool accumulate, bool last)
    {
        var nr = TKernel.Columns;
        if (accumulate)
        {
            for (var r = 0; r < rows; r++)
            {
                new Span<float>(c + (r * Ldc), width).CopyTo(new Span<float>(tile + (r * nr), width));
            }
        }

        TKernel.Run<TOp>(kc, a, panel, tile, nr, bias, accumulate, last);
        for (var r = 0; r < rows; r++)
        {
            new Span<float>(tile + (r * nr), width).CopyTo(new Span<float>(c + (r * Ldc), width));
        }
    }
}
