using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// The register tile of the AVX2 and 128-bit tiers: 6 rows × two vectors per row (6 × 16 on AVX2 in ymm, 6 × 8 on
/// SSE in xmm), one kernel written once over the vector width <typeparamref name="TSimd"/>.
/// Registers: 12 accumulators + 2 B vectors + 1 broadcast A value = 15 of the 16 vector registers either tier has,
/// the largest tile that fits without spills; on AVX2, 12 FMAs per depth step against 8 loads keep both FMA ports fed.
/// The 128-bit tier's multiply-add is one FMA where the CPU has it and a multiply plus an add otherwise (no slow
/// software FMA); see <see cref="Simd128"/>.
/// </summary>
internal readonly unsafe struct SixRowMicroKernel<TSimd, TVector> : IMicroKernel
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
{
    public static Isa Isa => TSimd.Count == 8 ? Isa.Avx2 : Isa.Vector128;

    public static int Rows => 6;

    public static int Columns => 2 * TSimd.Count;

    // KC: an A strip is 6 × DepthBlock floats = 6 KiB at 256 and stays in L1 while each depth block of a B panel (16 KiB
    // on AVX2, 8 KiB on SSE) streams past it from L2.
    public static int DepthBlock => 256;

    // MC: rows of A per parallel item, packed once over the whole depth; a multiple of the 6-row tile.
    public static int RowBlock => 240;

    // NC: the column block's C (RowBlock × 128 floats, 120 KiB) and its B slice of one depth block (128 KiB) fit in L2
    // together, so the next depth block finds its partial sums there.
    public static int ColumnBlock => 128;

    // B prefetch distance on AVX2: 8 depth steps (512 bytes) ahead of the loads, one line a step, to cover an L2 hit.
    // The 128-bit tile reads half a line a step, slowly enough for the hardware prefetcher alone.
    private const int PrefetchFloats = 128;

    // B's next depth block into L2 while this one runs (see Avx512MicroKernel.NextBlockFloats).
    private static int NextBlockFloats => DepthBlock * Columns;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOp>(int depth, float* a, float* b, float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        var c00 = TSimd.Zero; var c01 = TSimd.Zero;
        var c10 = TSimd.Zero; var c11 = TSimd.Zero;
        var c20 = TSimd.Zero; var c21 = TSimd.Zero;
        var c30 = TSimd.Zero; var c31 = TSimd.Zero;
        var c40 = TSimd.Zero; var c41 = TSimd.Zero;
        var c50 = TSimd.Zero; var c51 = TSimd.Zero;
        // Fetch the tile the epilogue reads (the earlier sum, else C) now: its rows are ldc apart (often 4 KiB-aliased, so they do not stay in L1) and were last
        // touched a whole panel sweep ago; fetched here, their latency overlaps the depth loop instead of stalling the
        // epilogue. Both ends of each row are fetched so an unaligned row is covered.
        var fetch = sum != null ? sum : c;
        var ldFetch = sum != null ? ldSum : ldc;
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(fetch);
            Sse.Prefetch0(fetch + Columns - 1);
            Sse.Prefetch0(fetch + (1 * ldFetch));
            Sse.Prefetch0(fetch + (1 * ldFetch) + Columns - 1);
            Sse.Prefetch0(fetch + (2 * ldFetch));
            Sse.Prefetch0(fetch + (2 * ldFetch) + Columns - 1);
            Sse.Prefetch0(fetch + (3 * ldFetch));
            Sse.Prefetch0(fetch + (3 * ldFetch) + Columns - 1);
            Sse.Prefetch0(fetch + (4 * ldFetch));
            Sse.Prefetch0(fetch + (4 * ldFetch) + Columns - 1);
            Sse.Prefetch0(fetch + (5 * ldFetch));
            Sse.Prefetch0(fetch + (5 * ldFetch) + Columns - 1);
        }

        // A is a packed strip: the Rows values of one depth step are adjacent, so all broadcasts share one stream.
        for (var p = 0; p < depth; p++)
        {
            if (TSimd.Count == 8)
            {
                Sse.Prefetch0(b + PrefetchFloats);
                Sse.Prefetch1(b + NextBlockFloats);
            }

            var b0 = TSimd.Load(b);
            var b1 = TSimd.Load(b + TSimd.Count);
            var a0 = TSimd.Broadcast(a[0]);
            c00 = TSimd.MultiplyAdd(a0, b0, c00);
            c01 = TSimd.MultiplyAdd(a0, b1, c01);
            var a1 = TSimd.Broadcast(a[1]);
            c10 = TSimd.MultiplyAdd(a1, b0, c10);
            c11 = TSimd.MultiplyAdd(a1, b1, c11);
            var a2 = TSimd.Broadcast(a[2]);
            c20 = TSimd.MultiplyAdd(a2, b0, c20);
            c21 = TSimd.MultiplyAdd(a2, b1, c21);
            var a3 = TSimd.Broadcast(a[3]);
            c30 = TSimd.MultiplyAdd(a3, b0, c30);
            c31 = TSimd.MultiplyAdd(a3, b1, c31);
            var a4 = TSimd.Broadcast(a[4]);
            c40 = TSimd.MultiplyAdd(a4, b0, c40);
            c41 = TSimd.MultiplyAdd(a4, b1, c41);
            var a5 = TSimd.Broadcast(a[5]);
            c50 = TSimd.MultiplyAdd(a5, b0, c50);
            c51 = TSimd.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += Columns;
        }

        StoreTile<TOp>(c, ldc, sum, ldSum, bias, last, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>
    /// The tile with A read in place (see <see cref="IMicroKernel.RunInPlace{TOp}"/>): A's rows, <paramref name="lda"/>
    /// apart, through two row pointers (rows 0 and 3) and the row stride, so no strip is packed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunInPlace<TOp>(int depth, float* a, nint lda, float* b, float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        var c00 = TSimd.Zero; var c01 = TSimd.Zero;
        var c10 = TSimd.Zero; var c11 = TSimd.Zero;
        var c20 = TSimd.Zero; var c21 = TSimd.Zero;
        var c30 = TSimd.Zero; var c31 = TSimd.Zero;
        var c40 = TSimd.Zero; var c41 = TSimd.Zero;
        var c50 = TSimd.Zero; var c51 = TSimd.Zero;
        float* a0 = a, a3 = a + (3 * lda);
        for (var p = depth; p > 0; p--)
        {
            var b0 = TSimd.Load(b);
            var b1 = TSimd.Load(b + TSimd.Count);
            var x0 = TSimd.Broadcast(*a0);
            c00 = TSimd.MultiplyAdd(x0, b0, c00);
            c01 = TSimd.MultiplyAdd(x0, b1, c01);
            var x1 = TSimd.Broadcast(*(a0 + lda));
            c10 = TSimd.MultiplyAdd(x1, b0, c10);
            c11 = TSimd.MultiplyAdd(x1, b1, c11);
            var x2 = TSimd.Broadcast(*(a0 + (2 * lda)));
            c20 = TSimd.MultiplyAdd(x2, b0, c20);
            c21 = TSimd.MultiplyAdd(x2, b1, c21);
            var x3 = TSimd.Broadcast(*a3);
            c30 = TSimd.MultiplyAdd(x3, b0, c30);
            c31 = TSimd.MultiplyAdd(x3, b1, c31);
            var x4 = TSimd.Broadcast(*(a3 + lda));
            c40 = TSimd.MultiplyAdd(x4, b0, c40);
            c41 = TSimd.MultiplyAdd(x4, b1, c41);
            var x5 = TSimd.Broadcast(*(a3 + (2 * lda)));
            c50 = TSimd.MultiplyAdd(x5, b0, c50);
            c51 = TSimd.MultiplyAdd(x5, b1, c51);
            a0++;
            a3++;
            b += Columns;
        }

        StoreTile<TOp>(c, ldc, sum, ldSum, bias, last, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>
    /// One row of C: for the rows a full tile would mostly pad (M = 1 for a classifier, short bottom strips). Each
    /// element sums in the same order as in <see cref="Run{TOp}"/>, so results are bit-identical either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRow<TOp>(int depth, float* a, float* b, float* c, float* sum, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        var c00 = TSimd.Zero; var c01 = TSimd.Zero;
        for (var p = 0; p < depth; p++)
        {
            var a0 = TSimd.Broadcast(a[p]);
            c00 = TSimd.MultiplyAdd(a0, TSimd.Load(b), c00);
            c01 = TSimd.MultiplyAdd(a0, TSimd.Load(b + TSimd.Count), c01);
            b += Columns;
        }

        StoreRow<TOp>(c, sum, c00, c01, bias, last);
    }

    /// <summary>
    /// Stores the tile: each row through <see cref="StoreRow{TOp}"/> (the earlier sum, and on the last depth block the
    /// bias and a lightweight activation), then any heavier activation as a second pass over the stored tile
    /// (<see cref="TileEpilogue"/>), so its constants never compete with the accumulators in the depth loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile<TOp>(float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last, TVector c00, TVector c01, TVector c10, TVector c11, TVector c20, TVector c21, TVector c30, TVector c31, TVector c40, TVector c41, TVector c50, TVector c51)
        where TOp : struct, IUnaryOperator
    {
        var fused = last && TOp.IsLightweight;
        StoreRow<TOp>(c, sum, c00, c01, bias, fused);
        StoreRow<TOp>(c + (1 * ldc), Row(sum, 1 * ldSum), c10, c11, bias, fused);
        StoreRow<TOp>(c + (2 * ldc), Row(sum, 2 * ldSum), c20, c21, bias, fused);
        StoreRow<TOp>(c + (3 * ldc), Row(sum, 3 * ldSum), c30, c31, bias, fused);
        StoreRow<TOp>(c + (4 * ldc), Row(sum, 4 * ldSum), c40, c41, bias, fused);
        StoreRow<TOp>(c + (5 * ldc), Row(sum, 5 * ldSum), c50, c51, bias, fused);

        if (last && !fused)
        {
            TileEpilogue.Apply<TSimd, TVector, TOp>(c, ldc, Rows, Columns, bias);
        }
    }

    /// <summary>Row <paramref name="offset"/> of the earlier sum, or null when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Row(float* sum, nint offset) => sum == null ? null : sum + offset;

    /// <summary>The fused epilogue: add the earlier depth blocks' sum (when not null), and on the last block the bias and the activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TOp>(float* row, float* sum, TVector x0, TVector x1, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        if (sum != null)
        {
            x0 = TSimd.Add(x0, TSimd.Load(sum));
            x1 = TSimd.Add(x1, TSimd.Load(sum + TSimd.Count));
        }

        if (last)
        {
            if (bias != null)
            {
                x0 = TSimd.Add(x0, TSimd.Load(bias));
                x1 = TSimd.Add(x1, TSimd.Load(bias + TSimd.Count));
            }

            x0 = TSimd.Apply<TOp>(x0);
            x1 = TSimd.Apply<TOp>(x1);
        }

        TSimd.Store(x0, row);
        TSimd.Store(x1, row + TSimd.Count);
    }
}
