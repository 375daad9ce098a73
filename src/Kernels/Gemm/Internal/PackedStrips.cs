using System.Runtime.CompilerServices;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// Packs a depth block of A into strips of <c>rows</c> rows laid out depth-step after depth-step: strip s holds
/// rows [s·rows, (s+1)·rows) as <c>depth</c> groups of <c>rows</c> consecutive values, so the micro-kernel's broadcasts
/// walk one contiguous stream (one cache line per 16/rows steps) instead of one line per row, and a strip of
/// rows × depth floats stays in L1 while the B panels stream past it. The last strip's missing rows are zero.
/// </summary>
internal static unsafe class PackedStrips
{
    /// <summary>Floats the packed form of <paramref name="rows"/> rows needs, the last strip padded to full height.</summary>
    public static long Floats(int rows, int depth, int stripRows) =>
        (long)((rows + stripRows - 1) / stripRows) * stripRows * depth;

    /// <summary>Packs rows [0, <paramref name="rows"/>) of the row-major block <paramref name="a"/> into <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* a, nint lda, int rows, int depth, int stripRows, float* target)
    {
        for (var stripStart = 0; stripStart < rows; stripStart += stripRows)
        {
            var strip = target + ((long)stripStart * depth);
            var valid = Math.Min(stripRows, rows - stripStart);
            for (var r = 0; r < stripRows; r++)
            {
                var column = strip + r;
                if (r < valid)
                {
                    var source = a + ((stripStart + r) * lda);
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
    }
}
