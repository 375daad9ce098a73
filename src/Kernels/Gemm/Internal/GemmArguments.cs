namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>Argument checks for the GEMM entry points; each message names the argument, what was expected and what came.</summary>
internal static class GemmArguments
{
    /// <summary>Checks a row-major [rows × columns] matrix with leading dimension <paramref name="leading"/>.</summary>
    public static void CheckMatrix(string name, int length, int rows, int columns, int leading)
    {
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"Matrix '{name}' needs non-negative dimensions; received {rows}×{columns}.");
        }

        if (rows > 0 && leading < columns)
        {
            throw new ArgumentOutOfRangeException(name, $"The leading dimension of '{name}' must be at least its {columns} columns; received {leading}.");
        }

        var needed = rows == 0 || columns == 0 ? 0 : ((long)(rows - 1) * leading) + columns;
        if (length < needed)
        {
            throw new ArgumentException($"Matrix '{name}' ({rows}×{columns}, leading dimension {leading}) needs at least {needed} elements; received {length}.", name);
        }
    }

    public static void CheckOperands(int m, int n, int k, int aLength, int lda, int cLength, int ldc, int biasLength)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM sizes must be non-negative; received m={m}, n={n}, k={k}.");
        }

        CheckMatrix("a", aLength, m, k, lda);
        CheckMatrix("c", cLength, m, n, ldc);
        if (biasLength != 0 && biasLength < n)
        {
            throw new ArgumentException($"The bias needs one value per column of C ({n}) or none; received {biasLength}.", nameof(biasLength));
        }
    }

    public static void CheckTier(CpuContext cpu, PackedMatrix b)
    {
        if (b.Isa != cpu.Isa)
        {
            throw new ArgumentException(
                $"The packed matrix was packed for ISA tier '{IsaSupport.Name(b.Isa)}' but the context runs '{IsaSupport.Name(cpu.Isa)}'; " +
                "pack it again with Sgemm.PackB for the context's tier.", nameof(b));
        }
    }
}
