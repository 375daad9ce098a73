using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// The AVX-512BW tier, for AVX-512 CPUs without VNNI: 6 rows × 32 columns of 512-bit <c>vpmaddubsw</c> +
/// <c>vpmaddwd</c> + add, as <see cref="Avx2Int8MicroKernel"/> at twice the width. 7-bit weights.
/// </summary>
internal unsafe struct Avx512BwInt8MicroKernel : IInt8MicroKernel
{
    public static Int8Isa Isa => Int8Isa.Avx512Bw;

    public static int Rows => 6;

    public static int Columns => 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(nint groups, byte* a, nint lda, sbyte* panel, int* tile)
    {
        Vector512<int> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<int> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        var ones = Vector512.Create((short)1);
        var a3 = a + (3 * lda);
        for (nint group = 0; group < groups; group++)
        {
            var b0 = Vector512.Load(panel);
            var b1 = Vector512.Load(panel + 64);
            var x = Broadcast(a);
            c00 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b0), ones);
            c01 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b1), ones);
            x = Broadcast(a + lda);
            c10 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b0), ones);
            c11 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b1), ones);
            x = Broadcast(a + (2 * lda));
            c20 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b0), ones);
            c21 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b1), ones);
            x = Broadcast(a3);
            c30 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b0), ones);
            c31 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b1), ones);
            x = Broadcast(a3 + lda);
            c40 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b0), ones);
            c41 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b1), ones);
            x = Broadcast(a3 + (2 * lda));
            c50 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b0), ones);
            c51 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, b1), ones);
            a += 4;
            a3 += 4;
            panel += 128;
        }

        c00.Store(tile);
        c01.Store(tile + 16);
        c10.Store(tile + 32);
        c11.Store(tile + 48);
        c20.Store(tile + 64);
        c21.Store(tile + 80);
        c30.Store(tile + 96);
        c31.Store(tile + 112);
        c40.Store(tile + 128);
        c41.Store(tile + 144);
        c50.Store(tile + 160);
        c51.Store(tile + 176);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Broadcast(byte* row) => Vector512.Create(Unsafe.ReadUnaligned<int>(row)).AsByte();
}
