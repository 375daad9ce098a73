using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// The AVX-VNNI tier: 6 rows × 16 columns of 256-bit <c>vpdpbusd</c>. Twelve accumulators, two weight vectors and one
/// broadcast fit the sixteen ymm registers that VEX encoding can name.
/// </summary>
internal unsafe struct AvxVnniMicroKernel : IInt8MicroKernel
{
    public static Int8Isa Isa => Int8Isa.AvxVnni;

    public static int Rows => 6;

    public static int Columns => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(nint groups, byte* a, nint lda, sbyte* panel, int* tile)
    {
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<int> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        var a3 = a + (3 * lda);
        for (nint group = 0; group < groups; group++)
        {
            var b0 = Vector256.Load(panel);
            var b1 = Vector256.Load(panel + 32);
            var x = Broadcast(a);
            c00 = AvxVnni.MultiplyWideningAndAdd(c00, x, b0);
            c01 = AvxVnni.MultiplyWideningAndAdd(c01, x, b1);
            x = Broadcast(a + lda);
            c10 = AvxVnni.MultiplyWideningAndAdd(c10, x, b0);
            c11 = AvxVnni.MultiplyWideningAndAdd(c11, x, b1);
            x = Broadcast(a + (2 * lda));
            c20 = AvxVnni.MultiplyWideningAndAdd(c20, x, b0);
            c21 = AvxVnni.MultiplyWideningAndAdd(c21, x, b1);
            x = Broadcast(a3);
            c30 = AvxVnni.MultiplyWideningAndAdd(c30, x, b0);
            c31 = AvxVnni.MultiplyWideningAndAdd(c31, x, b1);
            x = Broadcast(a3 + lda);
            c40 = AvxVnni.MultiplyWideningAndAdd(c40, x, b0);
            c41 = AvxVnni.MultiplyWideningAndAdd(c41, x, b1);
            x = Broadcast(a3 + (2 * lda));
            c50 = AvxVnni.MultiplyWideningAndAdd(c50, x, b0);
            c51 = AvxVnni.MultiplyWideningAndAdd(c51, x, b1);
            a += 4;
            a3 += 4;
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
        c40.Store(tile + 64);
        c41.Store(tile + 72);
        c50.Store(tile + 80);
        c51.Store(tile + 88);
    }

    /// <summary>A row's four activation bytes in every 32-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Broadcast(byte* row) => Vector256.Create(Unsafe.ReadUnaligned<int>(row)).AsByte();
}
