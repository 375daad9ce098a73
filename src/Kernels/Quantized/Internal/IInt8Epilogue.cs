using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>Where an int8 GEMM's s32 tile goes: stored as is, or requantized to u8.</summary>
internal unsafe interface IInt8Epilogue
{
    /// <summary>Writes <paramref name="rows"/> × <paramref name="columns"/> of the tile (rows <paramref name="tileStride"/> apart) to C at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    void Store(int* tile, int tileStride, int row, int column, int rows, int columns);
}

/// <summary>C = A·B in s32, the raw sums.</summary>
internal unsafe struct Int32Output : IInt8Epilogue
{
    public int* C;
    public nint Ldc;

    public readonly void Store(int* tile, int tileStride, int row, int column, int rows, int columns)
    {
        for (var i = 0; i < rows; i++)
        {
            new ReadOnlySpan<int>(tile + (i * tileStride), columns).CopyTo(new Span<int>(C + ((row + i) * Ldc) + column, columns));
        }
    }
}

/// <summary>
/// The <see cref="Requantization"/> epilogue, eight columns at a time where 256-bit vectors are accelerated and one at
/// a time at the edge. Both paths do the same IEEE operations in the same order, so every tier's output is identical.
/// </summary>
internal unsafe struct RequantizedOutput : IInt8Epilogue
{
    public byte* C;
    public nint Ldc;
    public int* ColumnSums;
    public int* Bias;
    public float* Multipliers;
    public int InputZeroPoint;
    public float OutputZeroPoint;
    public float Min;
    public float Max;

    /// <summary>The epilogue of <paramref name="q"/> writing to <paramref name="c"/>; the caller pins <paramref name="q"/>'s arrays and the column sums.</summary>
    public static RequantizedOutput For(Requantization q, byte* c, nint ldc, int* columnSums, int* bias, float* multipliers) => new()
    {
        C = c,
        Ldc = ldc,
        ColumnSums = columnSums,
        Bias = bias,
        Multipliers = multipliers,
        InputZeroPoint = q.InputZeroPoint,
        OutputZeroPoint = q.OutputZeroPoint,
        Min = q.Min,
        Max = q.Max,
    };

    public readonly void Store(int* tile, int tileStride, int row, int column, int rows, int columns)
    {
        var sums = ColumnSums + column;
        var bias = Bias + column;
        var multipliers = Multipliers + column;
        for (var i = 0; i < rows; i++)
        {
            var source = tile + (i * tileStride);
            var destination = C + ((row + i) * Ldc) + column;
            var j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var zeroPoint = Vector256.Create(InputZeroPoint);
                for (; j + 8 <= columns; j += 8)
                {
                    var value = Vector256.Load(source + j) - (zeroPoint * Vector256.Load(sums + j)) + Vector256.Load(bias + j);
                    var scaled = Vector256.Round(Vector256.ConvertToSingle(value) * Vector256.Load(multipliers + j)) + Vector256.Create(OutputZeroPoint);
                    var clamped = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(scaled, Vector256.Create(Min)), Vector256.Create(Max)));
                    var halves = Vector256.Narrow(clamped, clamped).GetLower();
                    *(ulong*)(destination + j) = Vector128.Narrow(halves, halves).AsUInt64().ToScalar();
                }
            }

            for (; j < columns; j++)
            {
                destination[j] = Scalar(source[j] - (InputZeroPoint * sums[j]) + bias[j], multipliers[j]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly byte Scalar(int value, float multiplier) =>
        (byte)(int)Math.Clamp(MathF.Round(value * multiplier) + OutputZeroPoint, Min, Max);
}
