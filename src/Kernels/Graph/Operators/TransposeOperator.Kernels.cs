using System.Runtime.Intrinsics.X86;
using Toolkit.Kernels.Gemm.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// The copies behind Transpose. A batch of 2-D transposes runs in tiles, so each cache line read or written is used whole
/// while it sits in L1. Inside a tile, 4-byte elements go through in-register transposes of 8 × 8 blocks (Avx2 and
/// Avx512 tiers) or 4 × 4 blocks (Vector128 tier on x86); the tile's edges, 8-byte elements and the Scalar tier move one
/// element at a time, and that loop is the reference. Any other permutation is a strided copy that writes the output in
/// order. A copy gives the same bits on every tier and thread count; only its speed changes.
/// </summary>
internal sealed partial class TransposeOperator
{
    /// <summary>
    /// Elements per side of a tile. A 32 × 32 tile of 4-byte elements reads 32 source rows of 128 bytes (two whole cache
    /// lines each) and writes 32 destination rows the same size: 8 KiB that stay in any L1 while the tile moves, so every
    /// line is fetched once. Int64 doubles that to 16 KiB, still inside a 32 KiB L1.
    /// </summary>
    private const int Tile = 32;

    /// <summary>
    /// Tiles along a row per parallel item: 16 full tiles are 16 Ki elements, the element-wise kernels' chunk and well
    /// above the pool's hand-out cost. A thin matrix (an image's 3 channels) still splits along its long side.
    /// </summary>
    private const int TilesPerItem = 16;

    private static unsafe void Transpose<T>(CpuContext cpu, Layout layout, ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged
    {
        if (source.IsEmpty)
        {
            return;
        }

        if (layout.IsCopy)
        {
            source.CopyTo(destination);
            return;
        }

        fixed (T* x = source)
        fixed (T* y = destination)
        {
            if (layout.IsMatrix)
            {
                var tiles = new MatrixTiles<T>(cpu.Isa, x, y, layout.Rows, layout.Columns);
                cpu.For(layout.Batches * tiles.ItemsPerMatrix, tiles);
            }
            else
            {
                cpu.For(layout.OutputDims[0], new StridedCopy<T>(x, y, layout.OutputDims, layout.SourceStrides));
            }
        }
    }

    /// <summary>
    /// out[c, r] = in[r, c] for each [rows, columns] matrix of a batch. One item is one band of <see cref="Tile"/> rows by
    /// <see cref="TilesPerItem"/> tiles of columns of one matrix.
    /// </summary>
    private readonly unsafe struct MatrixTiles<T>(Isa isa, T* source, T* destination, int rows, int columns) : IParallelBody
        where T : unmanaged
    {
        private const int ItemColumns = Tile * TilesPerItem;

        private readonly int columnGroups = (columns + ItemColumns - 1) / ItemColumns;

        public int ItemsPerMatrix => ((rows + Tile - 1) / Tile) * columnGroups;

        public void Run(int index)
        {
            var matrix = (long)(index / ItemsPerMatrix) * rows * columns;
            var firstRow = (index % ItemsPerMatrix / columnGroups) * Tile;
            var firstColumn = (index % columnGroups) * ItemColumns;
            var rowEnd = Math.Min(firstRow + Tile, rows);
            var groupEnd = Math.Min(firstColumn + ItemColumns, columns);
            for (var column = firstColumn; column < groupEnd; column += Tile)
            {
                var columnEnd = Math.Min(column + Tile, groupEnd);
                var row = sizeof(T) == sizeof(int)
                    ? VectorBands(isa, (int*)(source + matrix), (int*)(destination + matrix), rows, columns, firstRow, rowEnd, column, columnEnd)
                    : firstRow;
                ScalarBlock(source + matrix, destination + matrix, rows, columns, row, rowEnd, column, columnEnd);
            }
        }
    }

    /// <summary>
    /// The rows of a tile that fill whole bands of 8 (AVX) or 4 (SSE) through in-register transposes, the band's last
    /// columns one by one; returns the first row it left. Off x86 the Vector128 tier has no band and moves every element
    /// through <see cref="ScalarBlock"/>.
    /// </summary>
    private static unsafe int VectorBands(Isa isa, int* x, int* y, int rows, int columns, int firstRow, int rowEnd, int firstColumn, int columnEnd)
    {
        // The Avx512 tier keeps the 256-bit block: a 16 × 16 transpose in registers costs more shuffles per element, and
        // the copy is bound by memory rather than by shuffles.
        var width = isa >= Isa.Avx2 && Avx.IsSupported ? 8 : isa >= Isa.Vector128 && Sse.IsSupported ? 4 : 0;
        var row = firstRow;
        for (; width > 0 && row + width <= rowEnd; row += width)
        {
            var column = firstColumn;
            for (; column + width <= columnEnd; column += width)
            {
                var from = (float*)(x + ((long)row * columns) + column);
                var to = (float*)(y + ((long)column * rows) + row);
                if (width == 8)
                {
                    Transpose8x8(from, columns, to, rows);
                }
                else
                {
                    PackedStrips.Transpose4(from, columns, to, rows);
                }
            }

            ScalarBlock(x, y, rows, columns, row, row + width, column, columnEnd);
        }

        return row;
    }

    /// <summary>out[c, r] = in[r, c] for rows [firstRow, rowEnd) and columns [firstColumn, columnEnd): writes run along r.</summary>
    private static unsafe void ScalarBlock<T>(T* x, T* y, int rows, int columns, int firstRow, int rowEnd, int firstColumn, int columnEnd)
        where T : unmanaged
    {
        for (var column = firstColumn; column < columnEnd; column++)
        {
            var source = x + column;
            var target = y + ((long)column * rows);
            for (var row = firstRow; row < rowEnd; row++)
            {
                target[row] = source[(long)row * columns];
            }
        }
    }

    /// <summary>
    /// An 8 × 8 block of 4-byte elements (moved as floats; shuffles keep every bit): unpack pairs of rows, shuffle pairs of
    /// pairs within each 128-bit lane, then swap the lanes. Strides are in elements.
    /// </summary>
    private static unsafe void Transpose8x8(float* source, nint sourceStride, float* destination, nint destinationStride)
    {
        var r0 = Avx.LoadVector256(source);
        var r1 = Avx.LoadVector256(source + sourceStride);
        var r2 = Avx.LoadVector256(source + (2 * sourceStride));
        var r3 = Avx.LoadVector256(source + (3 * sourceStride));
        var r4 = Avx.LoadVector256(source + (4 * sourceStride));
        var r5 = Avx.LoadVector256(source + (5 * sourceStride));
        var r6 = Avx.LoadVector256(source + (6 * sourceStride));
        var r7 = Avx.LoadVector256(source + (7 * sourceStride));

        // t0 = [a00 a10 a01 a11 | a04 a14 a05 a15], t1 = [a02 a12 a03 a13 | a06 a16 a07 a17], and so on.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        // s0 = [a00 a10 a20 a30 | a04 a14 a24 a34]: column 0 in the low lane, column 4 in the high one.
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(destination, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(destination + (2 * destinationStride), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(destination + (3 * destinationStride), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(destination + (4 * destinationStride), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(destination + (5 * destinationStride), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(destination + (6 * destinationStride), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(destination + (7 * destinationStride), Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>
    /// Any reduced permutation of rank 2 or more, one item per index of the output's first axis: the output is written
    /// in order, the innermost axis as one contiguous copy when it is also the input's innermost, else element by
    /// element; counters for the axes between step the source pointer, odometer-style.
    /// </summary>
    private readonly unsafe struct StridedCopy<T>(T* source, T* destination, int[] outputDims, long[] sourceStrides) : IParallelBody
        where T : unmanaged
    {
        public void Run(int index)
        {
            var rank = outputDims.Length;
            var inner = outputDims[rank - 1];
            var innerStride = sourceStrides[rank - 1];
            long outerCount = 1;
            for (var axis = 1; axis < rank - 1; axis++)
            {
                outerCount *= outputDims[axis];
            }

            var x = source + (index * sourceStrides[0]);
            var y = destination + (index * outerCount * inner);
            Span<int> counters = stackalloc int[MaxRank];
            counters.Clear();
            for (long item = 0; item < outerCount; item++, y += inner)
            {
                if (innerStride == 1)
                {
                    new ReadOnlySpan<T>(x, inner).CopyTo(new Span<T>(y, inner));
                }
                else
                {
                    for (var i = 0; i < inner; i++)
                    {
                        y[i] = x[i * innerStride];
                    }
                }

                for (var axis = rank - 2; axis >= 1; axis--)
                {
                    x += sourceStrides[axis];
                    if (++counters[axis] < outputDims[axis])
                    {
                        break;
                    }

                    x -= sourceStrides[axis] * outputDims[axis];
                    counters[axis] = 0;
                }
            }
        }
    }
}
