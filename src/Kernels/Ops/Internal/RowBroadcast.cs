using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops.Internal;

/// <summary>
/// Runs a binary operator between each row of a [rows × n] span and one n-vector (bias, scale). Rows are grouped into
/// items of about one <see cref="ElementChunks"/> chunk that run on the context's threads; a row's result does not
/// depend on its group.
/// </summary>
internal static class RowBroadcast
{
    public static unsafe void Apply<TOp>(CpuContext cpu, ReadOnlySpan<float> x, ReadOnlySpan<float> row, Span<float> destination)
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

        var rows = x.Length / row.Length;
        var rowsPerItem = Math.Max(1, ElementChunks.Length / row.Length);
        fixed (float* input = x)
        fixed (float* vector = row)
        fixed (float* output = destination)
        {
            cpu.For((rows + rowsPerItem - 1) / rowsPerItem, new RowGroups<TOp>(cpu.Isa, input, vector, output, row.Length, rows, rowsPerItem));
        }
    }

    private readonly unsafe struct RowGroups<TOp>(Isa isa, float* x, float* row, float* destination, int rowLength, int rows, int rowsPerItem) : IParallelBody
        where TOp : IBinaryOperator
    {
        public void Run(int index)
        {
            var end = Math.Min(rows, (index + 1) * rowsPerItem);
            for (var r = index * rowsPerItem; r < end; r++)
            {
                var offset = (long)r * rowLength;
                BinaryDriver.ApplyUnchecked<TOp>(isa, ref x[offset], ref *row, ref destination[offset], (nuint)rowLength);
            }
        }
    }
}
