using System.Runtime.CompilerServices;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// The scalar reference tier: plain loops over row-major B, one parallel item per block of rows. Each element of C is
/// summed over the depth in increasing order starting from zero, then the bias and the activation are applied.
/// </summary>
internal unsafe struct ScalarGemmBody<TSource, TOp> : IParallelBody
    where TSource : struct, IRowSource
    where TOp : struct, IUnaryOperator
{
    /// <summary>Rows per parallel item: enough work per item to hide the hand-out cost, small enough to balance.</summary>
    public const int RowsPerItem = 16;

    /// <summary>The most depth of A fetched at once (the source may cut it shorter).</summary>
    private const int DepthBlock = 256;

    public int RowCount;
    public TSource Source;
    public PackedPanels B;
    public float* C;
    public nint Ldc;
    public float* Bias;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly void Run(int index)
    {
        var depth = B.Depth;
        var columns = B.Columns;
        var ldb = B.PanelWidth;
        var depthBlock = Source.DepthBlock(depth, DepthBlock);
        var scratch = GemmScratch.PackedA.Get(depthBlock);
        var end = Math.Min(RowCount, (index + 1) * RowsPerItem);
        for (var i = index * RowsPerItem; i < end; i++)
        {
            var c = C + (i * Ldc);
            for (var j = 0; j < columns; j++)
            {
                c[j] = 0f;
            }

            // The source hands out A a depth block at a time; the sum still runs over the depth in order.
            for (var depthStart = 0; depthStart < depth; depthStart += depthBlock)
            {
                var kc = Math.Min(depthBlock, depth - depthStart);
                var aRow = Source.Rows(i, 1, depthStart, kc, scratch, out _);
                for (var p = 0; p < kc; p++)
                {
                    var a = aRow[p];
                    var b = B.Data + ((long)(depthStart + p) * ldb);
                    for (var j = 0; j < columns; j++)
                    {
                        c[j] += a * b[j];
                    }
                }
            }

            for (var j = 0; j < columns; j++)
            {
                c[j] = TOp.Invoke(Bias != null ? c[j] + Bias[j] : c[j]);
            }
        }
    }
}
