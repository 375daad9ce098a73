using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// Packs a strip of A (its rows for one depth block) depth-step after depth-step: <c>depth</c> groups of
/// <c>stripRows</c> consecutive values, so the micro-kernel's broadcasts walk one contiguous stream instead of one
/// cache line per row, and the strip (stripRows × depth floats) stays in L1 while the B panels stream past it.
/// Rows past <c>rows</c> are zero, so a short bottom strip runs through the full tile.
/// </summary>
internal static unsafe class PackedStrips
{
    /// <summary>Packs rows [0, <paramref name="rows"/>) of the row-major block <paramref name="a"/> into one strip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* a, nint lda, int rows, int depth, int stripRows, float* strip)
    {
        var r = 0;

        // Four full rows at a time through a 4×4 transpose in registers: four 16-byte loads and four 16-byte stores per
        // 16 values, instead of 16 scalar stores strided by the strip height.
        if (Sse.IsSupported)
        {
            for (; r + 4 <= rows; r += 4)
            {
                var source = a + (r * lda);
                var target = strip + r;
                var p = 0;
                for (; p + 4 <= depth; p += 4)
                {
                    Transpose4(source + p, lda, target + (p * stripRows), stripRows);
                }

                for (; p < depth; p++)
                {
                    target[p * stripRows] = source[p];
                    target[(p * stripRows) + 1] = source[lda + p];
                    target[(p * stripRows) + 2] = source[(2 * lda) + p];
                    target[(p * stripRows) + 3] = source[(3 * lda) + p];
                }
            }
        }

        for (; r < stripRows; r++)
        {
            var column = strip + r;
            if (r < rows)
            {
                var source = a + (r * lda);
                for (var p = 0; p < depth; p++)
                {
                    column[p * stripRows] = source[p];
                }
            }
            else
            {
                for (var p = 0; p < depth; p++)
                {
                    column[p * stripRows] = 0f;
                }
            }
        }
    }

    /// <summary>Writes the 4×4 block at <paramref name="source"/> (rows lda apart) transposed: row i of the target is column i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose4(float* source, nint lda, float* target, nint targetStride)
    {
        var r0 = Vector128.Load(source);
        var r1 = Vector128.Load(source + lda);
        var r2 = Vector128.Load(source + (2 * lda));
        var r3 = Vector128.Load(source + (3 * lda));
        var t0 = Sse.UnpackLow(r0, r1);
        var t1 = Sse.UnpackHigh(r0, r1);
        var t2 = Sse.UnpackLow(r2, r3);
        var t3 = Sse.UnpackHigh(r2, r3);
        Vector128.Store(Sse.MoveLowToHigh(t0, t2), target);
        Vector128.Store(Sse.MoveHighToLow(t2, t0), target + targetStride);
        Vector128.Store(Sse.MoveLowToHigh(t1, t3), target + (2 * targetStride));
        Vector128.Store(Sse.MoveHighToLow(t3, t1), target + (3 * targetStride));
    }
}
