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
        var scratch = GemmScratch.PackedA.Get(depth);
        var end = Math.Min(RowCount, (index + 1) * RowsPerItem);
        for (var i = index * RowsPerItem; i < end; i++)
        {
            var aRow = Source.Rows(i, 1, 0, depth, scratch, out _);
            var c = C + (i * Ldc);
            for (var j = 0; j < columns; j++)
            {
                c[j] = 0f;
            }

            for (var p = 0; p < depth; p++)
            {
                var a = aRow[p];
                var b = B.Data + ((long)p * ldb);
                for (var j = 0; j < columns; j++)
                {
                    c[j] += a * b[j];
                }
            }

            for (var j = 0; j < columns; j++)
            {
                c[j] = TOp.Invoke(Bias != null ? c[j] + Bias[j] : c[j]);
            }
        }
    }
}
