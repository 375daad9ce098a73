using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// The 128-bit register tile: 6 rows × 8 columns (two xmm per row).
/// Registers: 12 accumulators + 2 B vectors + 1 broadcast A value = 15 of the 16 xmm registers SSE has.
/// MultiplyAddEstimate is one FMA where the CPU has it and a multiply plus an add otherwise (no slow software FMA).
/// </summary>
internal readonly unsafe struct Vector128MicroKernel : IMicroKernel
{
    public static Isa Isa => Isa.Vector128;

    public static int Rows => 6;

    public static int Columns => 8;

    // KC: an A strip is 6 × DepthBlock floats = 6 KiB at 256 and stays in L1 while each 8 KiB depth block of a B panel
    // streams past it from L2.
    public static int DepthBlock => 256;

    // MC: rows of A per parallel item, packed once over the whole depth; a multiple of the 6-row tile.
    public static int RowBlock => 240;

    // NC: the column block's C (RowBlock × 128 floats, 120 KiB) and its B slice of one depth block (128 KiB) fit in L2
    // together, so the next depth block finds its partial sums there.
    public static int ColumnBlock => 128;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOp>(int depth, float* a, float* b, float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        var c00 = Vector128<float>.Zero; var c01 = Vector128<float>.Zero;
        var c10 = Vector128<float>.Zero; var c11 = Vector128<float>.Zero;
        var c20 = Vector128<float>.Zero; var c21 = Vector128<float>.Zero;
        var c30 = Vector128<float>.Zero; var c31 = Vector128<float>.Zero;
        var c40 = Vector128<float>.Zero; var c41 = Vector128<float>.Zero;
        var c50 = Vector128<float>.Zero; var c51 = Vector128<float>.Zero;
        // Fetch the tile the epilogue reads (the earlier sum, else C) now: its rows are ldc apart (often 4 KiB-aliased, so they do not stay in L1) and were last
        // touched a whole panel sweep ago; fetched here, their latency overlaps the depth loop instead of stalling the
        // epilogue. Both ends of each row are fetched so an unaligned row is covered.
        var fetch = sum != null ? sum : c;
        var ldFetch = sum != null ? ldSum : ldc;
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(fetch);
            Sse.Prefetch0(fetch + 7);
            Sse.Prefetch0(fetch + (1 * ldFetch));
            Sse.Prefetch0(fetch + (1 * ldFetch) + 7);
            Sse.Prefetch0(fetch + (2 * ldFetch));
            Sse.Prefetch0(fetch + (2 * ldFetch) + 7);
            Sse.Prefetch0(fetch + (3 * ldFetch));
            Sse.Prefetch0(fetch + (3 * ldFetch) + 7);
            Sse.Prefetch0(fetch + (4 * ldFetch));
            Sse.Prefetch0(fetch + (4 * ldFetch) + 7);
            Sse.Prefetch0(fetch + (5 * ldFetch));
            Sse.Prefetch0(fetch + (5 * ldFetch) + 7);
        }

        // A is a packed strip: the Rows values of one depth step are adjacent, so all broadcasts share one stream.
        for (var p = 0; p < depth; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var a0 = Vector128.Create(a[0]);
            c00 = Vector128.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(a0, b1, c01);
            var a1 = Vector128.Create(a[1]);
            c10 = Vector128.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(a1, b1, c11);
            var a2 = Vector128.Create(a[2]);
            c20 = Vector128.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(a2, b1, c21);
            var a3 = Vector128.Create(a[3]);
            c30 = Vector128.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(a3, b1, c31);
            var a4 = Vector128.Create(a[4]);
            c40 = Vector128.MultiplyAddEstimate(a4, b0, c40);
            c41 = Vector128.MultiplyAddEstimate(a4, b1, c41);
            var a5 = Vector128.Create(a[5]);
            c50 = Vector128.MultiplyAddEstimate(a5, b0, c50);
            c51 = Vector128.MultiplyAddEstimate(a5, b1, c51);
            a += 6;
            b += 8;
        }

        // A heavier activation runs after the stores (TileEpilogue), so its constants never compete with the accumulators.
        var fused = last && TOp.IsLightweight;
        StoreRow<TOp>(c, sum, c00, c01, bias, fused);
        StoreRow<TOp>(c + (1 * ldc), Row(sum, 1 * ldSum), c10, c11, bias, fused);
        StoreRow<TOp>(c + (2 * ldc), Row(sum, 2 * ldSum), c20, c21, bias, fused);
        StoreRow<TOp>(c + (3 * ldc), Row(sum, 3 * ldSum), c30, c31, bias, fused);
        StoreRow<TOp>(c + (4 * ldc), Row(sum, 4 * ldSum), c40, c41, bias, fused);
        StoreRow<TOp>(c + (5 * ldc), Row(sum, 5 * ldSum), c50, c51, bias, fused);

        if (last && !fused)
        {
            TileEpilogue.Apply<Simd128, Vector128<float>, TOp>(c, ldc, Rows, Columns, bias);
        }
    }

    /// <summary>
    /// The tile for a small depth (one block, see <see cref="IMicroKernel.RunInPlace{TOp}"/>): A's rows are read in
    /// place, <paramref name="lda"/> apart, through two row pointers (rows 0 and 3) and the row stride, so no strip is
    /// packed; C is written once with the bias and the activation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunInPlace<TOp>(int depth, float* a, nint lda, float* b, float* c, nint ldc, float* bias)
        where TOp : struct, IUnaryOperator
    {
        var c00 = Vector128<float>.Zero; var c01 = Vector128<float>.Zero;
        var c10 = Vector128<float>.Zero; var c11 = Vector128<float>.Zero;
        var c20 = Vector128<float>.Zero; var c21 = Vector128<float>.Zero;
        var c30 = Vector128<float>.Zero; var c31 = Vector128<float>.Zero;
        var c40 = Vector128<float>.Zero; var c41 = Vector128<float>.Zero;
        var c50 = Vector128<float>.Zero; var c51 = Vector128<float>.Zero;
        float* a0 = a, a3 = a + (3 * lda);
        for (var p = depth; p > 0; p--)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var x0 = Vector128.Create(*a0);
            c00 = Vector128.MultiplyAddEstimate(x0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(x0, b1, c01);
            var x1 = Vector128.Create(*(a0 + lda));
            c10 = Vector128.MultiplyAddEstimate(x1, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(x1, b1, c11);
            var x2 = Vector128.Create(*(a0 + (2 * lda)));
            c20 = Vector128.MultiplyAddEstimate(x2, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(x2, b1, c21);
            var x3 = Vector128.Create(*a3);
            c30 = Vector128.MultiplyAddEstimate(x3, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(x3, b1, c31);
            var x4 = Vector128.Create(*(a3 + lda));
            c40 = Vector128.MultiplyAddEstimate(x4, b0, c40);
            c41 = Vector128.MultiplyAddEstimate(x4, b1, c41);
            var x5 = Vector128.Create(*(a3 + (2 * lda)));
            c50 = Vector128.MultiplyAddEstimate(x5, b0, c50);
            c51 = Vector128.MultiplyAddEstimate(x5, b1, c51);
            a0++;
            a3++;
            b += 8;
        }

        StoreRow<TOp>(c, null, c00, c01, bias, TOp.IsLightweight);
        StoreRow<TOp>(c + (1 * ldc), null, c10, c11, bias, TOp.IsLightweight);
        StoreRow<TOp>(c + (2 * ldc), null, c20, c21, bias, TOp.IsLightweight);
        StoreRow<TOp>(c + (3 * ldc), null, c30, c31, bias, TOp.IsLightweight);
        StoreRow<TOp>(c + (4 * ldc), null, c40, c41, bias, TOp.IsLightweight);
        StoreRow<TOp>(c + (5 * ldc), null, c50, c51, bias, TOp.IsLightweight);

        if (!TOp.IsLightweight)
        {
            TileEpilogue.Apply<Simd128, Vector128<float>, TOp>(c, ldc, Rows, Columns, bias);
        }
    }

    /// <summary>
    /// One row of C: for the rows a full tile would mostly pad (M = 1 for a classifier, short bottom strips). Each
    /// element sums in the same order as in <see cref="Run{TOp}"/>, so results are bit-identical either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRow<TOp>(int depth, float* a, float* b, float* c, float* sum, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        var c00 = Vector128<float>.Zero; var c01 = Vector128<float>.Zero;
        for (var p = 0; p < depth; p++)
        {
            var a0 = Vector128.Create(a[p]);
            c00 = Vector128.MultiplyAddEstimate(a0, Vector128.Load(b), c00);
            c01 = Vector128.MultiplyAddEstimate(a0, Vector128.Load(b + 4), c01);
            b += 8;
        }

        StoreRow<TOp>(c, sum, c00, c01, bias, last);
    }

    /// <summary>Row <paramref name="offset"/> of the earlier sum, or null when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Row(float* sum, nint offset) => sum == null ? null : sum + offset;

    /// <summary>The fused epilogue: add the earlier depth blocks' sum (when not null), and on the last block the bias and the activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TOp>(float* row, float* sum, Vector128<float> x0, Vector128<float> x1, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        if (sum != null)
        {
            x0 += Vector128.Load(sum);
            x1 += Vector128.Load(sum + 4);
        }

        if (last)
        {
            if (bias != null)
            {
                x0 += Vector128.Load(bias);
                x1 += Vector128.Load(bias + 4);
            }

            x0 = TOp.Invoke(x0);
            x1 = TOp.Invoke(x1);
        }

        Vector128.Store(x0, row);
        Vector128.Store(x1, row + 4);
    }
}
