using System.Runtime.CompilerServices;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// The bias and activation of a stored GEMM tile, as a second pass over it (see <see cref="IUnaryOperator.IsLightweight"/>).
/// The tile is still in L1, so the pass costs a load and a store per vector, while the micro-kernel's depth loop keeps all
/// its accumulators in registers. Each value gets the same operations in the same order as the fused store, so both
/// paths give the same bits.
/// </summary>
internal static unsafe class TileEpilogue
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TSimd, TVector, TOp>(float* c, nint ldc, int rows, int columns, float* bias)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
        where TOp : struct, IUnaryOperator
    {
        for (var r = 0; r < rows; r++)
        {
            var row = c + (r * ldc);
            for (var q = 0; q < columns; q += TSimd.Count)
            {
                var x = TSimd.Load(row + q);
                if (bias != null)
                {
                    x = TSimd.Add(x, TSimd.Load(bias + q));
                }

                TSimd.Store(TSimd.Apply<TOp>(x), row + q);
            }
        }
    }
}
