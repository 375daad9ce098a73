using Toolkit.Kernels.Gemm.Internal;
using Toolkit.Kernels.Quantized.Internal;

namespace Toolkit.Kernels.Quantized;

/// <summary>
/// Int8 GEMM: unsigned 8-bit activations A [m × k] (row-major) times signed 8-bit weights B [k × n] packed once, summed
/// exactly in s32, then stored as is or requantized to u8 (<see cref="Requantization"/>). One loop nest per
/// <see cref="Int8Isa"/> tier (the context's <see cref="CpuContext.Int8Isa"/>); every tier and thread count gives the
/// same integers.
/// </summary>
public static unsafe class Int8Gemm
{
    /// <summary>Packs constant weights B [k × n] (rows <paramref name="ldb"/> apart) for <paramref name="isa"/>.</summary>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    /// <exception cref="ArgumentException">A weight outside 7 bits for a <c>vpmaddubsw</c> tier, or a too-short span.</exception>
    public static PackedInt8Matrix PackB(Int8Isa isa, ReadOnlySpan<sbyte> b, int k, int n, int ldb)
    {
        var tier = Int8IsaSupport.Resolve(isa);
        GemmArguments.CheckMatrix(nameof(b), b.Length, k, n, ldb);
        var packed = new PackedInt8Matrix(tier, k, n);
        packed.PackFrom(b, ldb);
        return packed;
    }

    /// <summary>C [m × n] = A·B in s32 (rows <paramref name="ldc"/> apart).</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> was packed for another tier than the context's, or a span is too short.</exception>
    public static void Multiply(CpuContext cpu, int m, ReadOnlySpan<byte> a, int lda, PackedInt8Matrix b, Span<int> c, int ldc)
    {
        Check(cpu, m, a.Length, lda, b, c.Length, ldc);
        fixed (byte* pa = a)
        fixed (int* pc = c)
        {
            Int8GemmDispatch.Run(cpu, m, pa, lda, a.Length, b, new Int32Output { C = pc, Ldc = ldc });
        }
    }

    /// <summary>C [m × n] = requantized A·B in u8 (rows <paramref name="ldc"/> apart).</summary>
    /// <exception cref="ArgumentException">As for the s32 product, or a requantization for another column count.</exception>
    public static void Multiply(CpuContext cpu, int m, ReadOnlySpan<byte> a, int lda, PackedInt8Matrix b, Requantization requantization, Span<byte> c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(requantization);
        Check(cpu, m, a.Length, lda, b, c.Length, ldc);
        if (requantization.Multipliers.Length != b.Columns)
        {
            throw new ArgumentException($"The requantization covers {requantization.Multipliers.Length} columns; B has {b.Columns}.", nameof(requantization));
        }

        fixed (byte* pa = a, pc = c)
        fixed (int* sums = b.ColumnSums, bias = requantization.Bias)
        fixed (float* multipliers = requantization.Multipliers)
        {
            var epilogue = RequantizedOutput.For(requantization, pc, ldc, sums, bias, multipliers);
            Int8GemmDispatch.Run(cpu, m, pa, lda, a.Length, b, epilogue);
        }
    }

    /// <summary>The panel width (NR) of a tier's micro-kernel.</summary>
    public static int PanelWidth(Int8Isa isa) => Int8GemmDispatch.PanelWidth(Int8IsaSupport.Resolve(isa));

    private static void Check(CpuContext cpu, int m, int aLength, int lda, PackedInt8Matrix b, int cLength, int ldc)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Isa != cpu.Int8Isa)
        {
            throw new ArgumentException(
                $"B was packed for the {Int8IsaSupport.Name(b.Isa)} int8 tier but the context runs {Int8IsaSupport.Name(cpu.Int8Isa)}.", nameof(b));
        }

        GemmArguments.CheckMatrix("a", aLength, m, b.Depth, lda);
        GemmArguments.CheckMatrix("c", cLength, m, b.Columns, ldc);
    }
}
