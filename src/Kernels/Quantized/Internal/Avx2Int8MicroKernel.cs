using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// The AVX2 tier: 4 rows × 16 columns of <c>vpmaddubsw</c> (pairs of u8·s8 into saturating s16) then <c>vpmaddwd</c>
/// by ones (pairs of s16 into s32) and an add. Exact only for 7-bit weights, which <see cref="PackedInt8Matrix"/> checks.
/// </summary>
internal unsafe struct Avx2Int8MicroKernel : IInt8MicroKernel
{
    public static Int8Isa Isa => Int8Isa.Avx2;

    public static int Rows => 4;

    public static int Columns => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(nint groups, byte* a, nint lda, sbyte* panel, int* tile)
    {
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
        var ones = Vector256.Create((short)1);
        for (nint group = 0; group < groups; group++)
        {
            var b0 = Vector256.Load(panel);
            var b1 = Vector256.Load(panel + 32);
            var x = Broadcast(a);
            c00 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, b0), ones);
            c01 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, b1), ones);
            x = Broadcast(a + lda);
            c10 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, b0), ones);
            c11 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, b1), ones);
            x = Broadcast(a + (2 * lda));
            c20 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, b0), ones);
            c21 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, b1), ones);
            x = Broadcast(a + (3 * lda));
            c30 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, b0), ones);
            c31 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, b1), ones);
            a += 4;
            panel += 64;
        }

        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + 16);
        c11.Store(tile + 24);
        c20.Store(tile + 32);
        c21.Store(tile + 40);
        c30.Store(tile + 48);
        c31.Store(tile + 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Broadcast(byte* row) => Vector256.Create(Unsafe.ReadUnaligned<int>(row)).AsByte();
}
