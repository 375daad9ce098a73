using System.Runtime.InteropServices;

namespace Toolkit.Kernels.Ops.Internal;

/// <summary>Runs a binary operator between each row of a [rows × n] span and one n-vector (bias, scale).</summary>
internal static class RowBroadcast
{
    public static void Apply<TOp>(Isa isa, ReadOnlySpan<float> x, ReadOnlySpan<float> row, Span<float> destination)
        where TOp : IBinaryOperator
    {
        Guard.Length(destination.Length, x.Length, nameof(destination), "the length of x");
        Guard.NoPartialOverlap(x, destination, nameof(destination));
        if (row.IsEmpty)
        {
            Guard.Length(x.Length, 0, nameof(x), "0, because row is empty");
            return;
        }

        if (x.Length % row.Length != 0)
        {
            throw new ArgumentException($"x has length {x.Length}; expected a multiple of row's length {row.Length}.", nameof(x));
        }

        ref var rowStart = ref MemoryMarshal.GetReference(row);
        var n = row.Length;
        for (var offset = 0; offset < x.Length; offset += n)
        {
            BinaryDriver.ApplyUnchecked<TOp>(
                isa,
                ref MemoryMarshal.GetReference(x.Slice(offset, n)),
                ref rowStart,
                ref MemoryMarshal.GetReference(destination.Slice(offset, n)),
                (nuint)n);
        }
    }
}
