using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// The AVX-512 register tile: 12 rows × 32 columns (two zmm per row).
/// Registers: 24 accumulators + 2 B vectors + 1 broadcast A value = 27 of the 32 zmm registers, so the JIT never
/// spills (checked with DOTNET_JitDisasm). Each depth step issues 24 FMAs against 2 vector loads and 12 broadcasts:
/// 12 cycles of FMA on the two ports, 7 on the two load ports. A comes packed (PackedStrips), so the 12 broadcasts
/// read one contiguous stream. Measured side by side at 1024³ and 196×512×512, 14×32
/// (31 registers) ran no faster and 8×32 about 15% slower (loop and epilogue overhead per FMA).
/// </summary>
internal readonly unsafe struct Avx512MicroKernel : IMicroKernel
{
    public static Isa Isa => Isa.Avx512;

    public static int Rows => 12;

    public static int Columns => 32;

    // KC: an A strip is 12 × DepthBlock floats = 12 KiB at 256, so it stays in L1 while each 32 KiB depth block of a B
    // panel streams past it from L2. 128 doubles the C round trips and measured slower at 1024³.
    public static int DepthBlock => 256;

    // MC: rows of A per parallel item, packed once over the whole depth; B is re-read from L3 once per row block, so
    // larger is better (480 beat 240 and 120 at 1024³ with the earlier in-place A). A multiple of the 12-row tile.
    public static int RowBlock => 480;

    // NC: the column block's C (RowBlock × 128 floats, 240 KiB) and its B slice of one depth block (128 KiB) both fit in
    // the 1 MiB L2, so the next depth block finds its partial sums there; 256 measured no faster under noise.
    public static int ColumnBlock => 128;

    // B prefetch distance: 8 depth steps (1 KiB) ahead of the loads, about 100 cycles at peak, enough to cover an L2 hit;
    // 4 and 16 steps measured the same within this machine's noise.
    private const int PrefetchFloats = 256;

    // B's next depth block, fetched into L2 while this one runs: a panel's depth rows are contiguous, so one full depth
    // block on is the same panel one block later. Weights that do not fit in L3 (ResNet18's 45 MB) otherwise reach the
    // first strip of every block from DRAM with only PrefetchFloats of lead. Side by side on an AMD EPYC Zen 5, one
    // thread, `profile --model resnet18 --runs 20`, step medians without → with it: at AVX-512 the 7×7×512 3×3
    // convolutions 1.56–1.63 → 1.22–1.33 ms and the model 25.8–26.3 → 22.4–23.7 ms; at AVX2 2.70–2.78 → 2.27–2.48 ms
    // and 44.0–45.3 → 41.1–43.5 ms. The same fetch in RunInPlace (shifted rows) gained nothing and is not there.
    private static int NextBlockFloats => DepthBlock * Columns;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOp>(int depth, float* a, float* b, float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        var c80 = Vector512<float>.Zero; var c81 = Vector512<float>.Zero;
        var c90 = Vector512<float>.Zero; var c91 = Vector512<float>.Zero;
        var c100 = Vector512<float>.Zero; var c101 = Vector512<float>.Zero;
        var c110 = Vector512<float>.Zero; var c111 = Vector512<float>.Zero;
        // Fetch the tile the epilogue reads (the earlier sum, else C) now: its rows are ldc apart (often 4 KiB-aliased, so they do not stay in L1) and were last
        // touched a whole panel sweep ago; fetched here, their latency overlaps the depth loop instead of stalling the
        // epilogue. Both ends of each row are fetched so an unaligned row is covered.
        var fetch = sum != null ? sum : c;
        var ldFetch = sum != null ? ldSum : ldc;
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(fetch);
            Sse.Prefetch0(fetch + 31);
            Sse.Prefetch0(fetch + (1 * ldFetch));
            Sse.Prefetch0(fetch + (1 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (2 * ldFetch));
            Sse.Prefetch0(fetch + (2 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (3 * ldFetch));
            Sse.Prefetch0(fetch + (3 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (4 * ldFetch));
            Sse.Prefetch0(fetch + (4 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (5 * ldFetch));
            Sse.Prefetch0(fetch + (5 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (6 * ldFetch));
            Sse.Prefetch0(fetch + (6 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (7 * ldFetch));
            Sse.Prefetch0(fetch + (7 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (8 * ldFetch));
            Sse.Prefetch0(fetch + (8 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (9 * ldFetch));
            Sse.Prefetch0(fetch + (9 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (10 * ldFetch));
            Sse.Prefetch0(fetch + (10 * ldFetch) + 31);
            Sse.Prefetch0(fetch + (11 * ldFetch));
            Sse.Prefetch0(fetch + (11 * ldFetch) + 31);
        }

        // A is a packed strip: the Rows values of one depth step are adjacent, so all broadcasts share one stream.
        // Two depth steps per trip halve the loop overhead: the step issues 38 µops for 12 cycles of FMA, close to the
        // 4 µops a cycle the core renames, so every µop of overhead costs FMA time.
        if ((depth & 1) != 0)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            var a8 = Vector512.Create(a[8]);
            c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
            c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
            var a9 = Vector512.Create(a[9]);
            c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
            c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
            var a10 = Vector512.Create(a[10]);
            c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
            c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
            var a11 = Vector512.Create(a[11]);
            c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
            c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            a += 12;
            b += 32;
        }

        for (var p = depth & 1; p < depth; p += 2)
        {
            // B streams from L2 (the strip of A stays in L1): fetch the lines PrefetchFloats ahead into L1 and a block ahead into L2, four lines each per trip.
            Sse.Prefetch0(b + PrefetchFloats);
            Sse.Prefetch0(b + PrefetchFloats + 16);
            Sse.Prefetch0(b + PrefetchFloats + 32);
            Sse.Prefetch0(b + PrefetchFloats + 48);
            Sse.Prefetch1(b + NextBlockFloats);
            Sse.Prefetch1(b + NextBlockFloats + 16);
            Sse.Prefetch1(b + NextBlockFloats + 32);
            Sse.Prefetch1(b + NextBlockFloats + 48);
            {
                var b0 = Vector512.Load(b);
                var b1 = Vector512.Load(b + 16);
                var a0 = Vector512.Create(a[0]);
                c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(a[1]);
                c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(a[2]);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(a[3]);
                c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(a[4]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(a[5]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(a[6]);
                c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(a[7]);
                c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
                var a8 = Vector512.Create(a[8]);
                c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
                c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
                var a9 = Vector512.Create(a[9]);
                c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
                c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
                var a10 = Vector512.Create(a[10]);
                c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
                c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
                var a11 = Vector512.Create(a[11]);
                c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
                c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            }

            {
                var b0 = Vector512.Load(b + 32);
                var b1 = Vector512.Load(b + 48);
                var a0 = Vector512.Create(a[12]);
                c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(a[13]);
                c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(a[14]);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(a[15]);
                c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(a[16]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(a[17]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(a[18]);
                c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(a[19]);
                c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
                var a8 = Vector512.Create(a[20]);
                c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
                c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
                var a9 = Vector512.Create(a[21]);
                c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
                c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
                var a10 = Vector512.Create(a[22]);
                c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
                c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
                var a11 = Vector512.Create(a[23]);
                c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
                c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            }

            a += 24;
            b += 64;
        }

        StoreTile<TOp>(c, ldc, sum, ldSum, bias, last, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71, c80, c81, c90, c91, c100, c101, c110, c111);
    }

    /// <summary>
    /// The tile with A read in place (see <see cref="IMicroKernel.RunInPlace{TOp}"/>): A's rows, <paramref name="lda"/>
    /// apart, through four row pointers (rows 0, 3, 6, 9) and the row stride, so no strip is packed. B is not
    /// prefetched: at a small depth the panel stays in L1, and with one or two panels the hardware prefetcher follows it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunInPlace<TOp>(int depth, float* a, nint lda, float* b, float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        var c80 = Vector512<float>.Zero; var c81 = Vector512<float>.Zero;
        var c90 = Vector512<float>.Zero; var c91 = Vector512<float>.Zero;
        var c100 = Vector512<float>.Zero; var c101 = Vector512<float>.Zero;
        var c110 = Vector512<float>.Zero; var c111 = Vector512<float>.Zero;
        float* a0 = a, a3 = a + (3 * lda), a6 = a + (6 * lda), a9 = a + (9 * lda);
        for (var p = depth; p > 0; p--)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x0 = Vector512.Create(*a0);
            c00 = Vector512.FusedMultiplyAdd(x0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
            var x1 = Vector512.Create(*(a0 + lda));
            c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
            var x2 = Vector512.Create(*(a0 + (2 * lda)));
            c20 = Vector512.FusedMultiplyAdd(x2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
            var x3 = Vector512.Create(*a3);
            c30 = Vector512.FusedMultiplyAdd(x3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
            var x4 = Vector512.Create(*(a3 + lda));
            c40 = Vector512.FusedMultiplyAdd(x4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
            var x5 = Vector512.Create(*(a3 + (2 * lda)));
            c50 = Vector512.FusedMultiplyAdd(x5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
            var x6 = Vector512.Create(*a6);
            c60 = Vector512.FusedMultiplyAdd(x6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
            var x7 = Vector512.Create(*(a6 + lda));
            c70 = Vector512.FusedMultiplyAdd(x7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
            var x8 = Vector512.Create(*(a6 + (2 * lda)));
            c80 = Vector512.FusedMultiplyAdd(x8, b0, c80);
            c81 = Vector512.FusedMultiplyAdd(x8, b1, c81);
            var x9 = Vector512.Create(*a9);
            c90 = Vector512.FusedMultiplyAdd(x9, b0, c90);
            c91 = Vector512.FusedMultiplyAdd(x9, b1, c91);
            var x10 = Vector512.Create(*(a9 + lda));
            c100 = Vector512.FusedMultiplyAdd(x10, b0, c100);
            c101 = Vector512.FusedMultiplyAdd(x10, b1, c101);
            var x11 = Vector512.Create(*(a9 + (2 * lda)));
            c110 = Vector512.FusedMultiplyAdd(x11, b0, c110);
            c111 = Vector512.FusedMultiplyAdd(x11, b1, c111);
            a0++;
            a3++;
            a6++;
            a9++;
            b += 32;
        }

        StoreTile<TOp>(c, ldc, sum, ldSum, bias, last, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71, c80, c81, c90, c91, c100, c101, c110, c111);
    }

    /// <summary>
    /// One row of C: for the rows a full tile would mostly pad (M = 1 for a classifier, short bottom strips). Each
    /// element sums in the same order as in <see cref="Run{TOp}"/>, so results are bit-identical either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRow<TOp>(int depth, float* a, float* b, float* c, float* sum, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        for (var p = 0; p < depth; p++)
        {
            var a0 = Vector512.Create(a[p]);
            c00 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(b), c00);
            c01 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(b + 16), c01);
            b += 32;
        }

        StoreRow<TOp>(c, sum, c00, c01, bias, last);
    }

    /// <summary>
    /// Stores the tile: each row through <see cref="StoreRow{TOp}"/> (the earlier sum, and on the last depth block the
    /// bias and a lightweight activation), then any heavier activation as a second pass over the stored tile
    /// (<see cref="TileEpilogue"/>), so its constants never compete with the accumulators in the depth loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile<TOp>(float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last, Vector512<float> c00, Vector512<float> c01, Vector512<float> c10, Vector512<float> c11, Vector512<float> c20, Vector512<float> c21, Vector512<float> c30, Vector512<float> c31, Vector512<float> c40, Vector512<float> c41, Vector512<float> c50, Vector512<float> c51, Vector512<float> c60, Vector512<float> c61, Vector512<float> c70, Vector512<float> c71, Vector512<float> c80, Vector512<float> c81, Vector512<float> c90, Vector512<float> c91, Vector512<float> c100, Vector512<float> c101, Vector512<float> c110, Vector512<float> c111)
        where TOp : struct, IUnaryOperator
    {
        var fused = last && TOp.IsLightweight;
        StoreRow<TOp>(c, sum, c00, c01, bias, fused);
        StoreRow<TOp>(c + (1 * ldc), Row(sum, 1 * ldSum), c10, c11, bias, fused);
        StoreRow<TOp>(c + (2 * ldc), Row(sum, 2 * ldSum), c20, c21, bias, fused);
        StoreRow<TOp>(c + (3 * ldc), Row(sum, 3 * ldSum), c30, c31, bias, fused);
        StoreRow<TOp>(c + (4 * ldc), Row(sum, 4 * ldSum), c40, c41, bias, fused);
        StoreRow<TOp>(c + (5 * ldc), Row(sum, 5 * ldSum), c50, c51, bias, fused);
        StoreRow<TOp>(c + (6 * ldc), Row(sum, 6 * ldSum), c60, c61, bias, fused);
        StoreRow<TOp>(c + (7 * ldc), Row(sum, 7 * ldSum), c70, c71, bias, fused);
        StoreRow<TOp>(c + (8 * ldc), Row(sum, 8 * ldSum), c80, c81, bias, fused);
        StoreRow<TOp>(c + (9 * ldc), Row(sum, 9 * ldSum), c90, c91, bias, fused);
        StoreRow<TOp>(c + (10 * ldc), Row(sum, 10 * ldSum), c100, c101, bias, fused);
        StoreRow<TOp>(c + (11 * ldc), Row(sum, 11 * ldSum), c110, c111, bias, fused);

        if (last && !fused)
        {
            TileEpilogue.Apply<Simd512, Vector512<float>, TOp>(c, ldc, Rows, Columns, bias);
        }
    }

    /// <summary>Row <paramref name="offset"/> of the earlier sum, or null when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Row(float* sum, nint offset) => sum == null ? null : sum + offset;

    /// <summary>The fused epilogue: add the earlier depth blocks' sum (when not null), and on the last block the bias and the activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TOp>(float* row, float* sum, Vector512<float> x0, Vector512<float> x1, float* bias, bool last)
        where TOp : struct, IUnaryOperator
    {
        if (sum != null)
        {
            x0 += Vector512.Load(sum);
            x1 += Vector512.Load(sum + 16);
        }

        if (last)
        {
            if (bias != null)
            {
                x0 += Vector512.Load(bias);
                x1 += Vector512.Load(bias + 16);
            }

            x0 = TOp.Invoke(x0);
            x1 = TOp.Invoke(x1);
        }

        Vector512.Store(x0, row);
        Vector512.Store(x1, row + 16);
    }
}
