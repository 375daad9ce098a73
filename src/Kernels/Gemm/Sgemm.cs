using Toolkit.Kernels.Gemm.Internal;

namespace Toolkit.Kernels.Gemm;

/// <summary>
/// Single-precision GEMM over row-major matrices with a fused epilogue: C[m×n] = act(A[m×k]·B[k×n] + bias), bias
/// added per column. One code path per ISA tier (the context's): the scalar reference, and packed panels with a
/// register-blocked micro-kernel for Vector128, AVX2 and AVX-512. Any thread count gives bit-identical results.
/// </summary>
public static unsafe class Sgemm
{
    /// <summary>Multiplies row-major A by row-major B, packing B into reusable per-thread scratch first.</summary>
    /// <param name="bias">Empty for none, else at least <paramref name="n"/> values added per column.</param>
    /// <exception cref="NotSupportedException">The epilogue does not support <paramref name="activation"/> yet.</exception>
    public static void Multiply(CpuContext cpu, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, ReadOnlySpan<float> bias = default, Activation activation = Activation.None)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        GemmArguments.CheckMatrix(nameof(b), b.Length, k, n, ldb);
        GemmArguments.CheckOperands(m, n, k, a.Length, lda, c.Length, ldc, bias.Length);
        RequireActivation(activation);

        var scratch = GemmScratch.PackedB;
        var panelWidth = GemmDispatch.PanelWidth(cpu.Isa, n);
        var panels = (n + panelWidth - 1) / panelWidth;
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            var packed = new PackedPanels(scratch.Get((long)panels * k * panelWidth), k, n, panelWidth);
            if (m > 0)
            {
                packed.PackFrom(pb, ldb);
            }

            GemmDispatch.Run(cpu, m, new DenseRows(pa, lda), packed, pc, ldc, bias.IsEmpty ? null : pbias, activation);
        }
    }

    /// <summary>
    /// Packs a constant B [k × n] (weights) once for <paramref name="isa"/>, so later products skip the packing.
    /// The result only multiplies on a <see cref="CpuContext"/> of the same tier.
    /// </summary>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    public static PackedMatrix PackB(Isa isa, ReadOnlySpan<float> b, int k, int n, int ldb)
    {
        var tier = IsaSupport.Resolve(isa);
        GemmArguments.CheckMatrix(nameof(b), b.Length, k, n, ldb);
        return PackFor(tier, b, k, n, ldb);
    }

    /// <summary>
    /// Packs B in <paramref name="tier"/>'s layout whether or not this CPU can run it: a model file written here may be
    /// served on another machine.
    /// </summary>
    internal static PackedMatrix PackFor(Isa tier, ReadOnlySpan<float> b, int k, int n, int ldb)
    {
        var packed = new PackedMatrix(tier, k, n, GemmDispatch.PanelWidth(tier, n));
        fixed (float* pb = b)
        {
            packed.Panels.PackFrom(pb, ldb);
        }

        return packed;
    }

    /// <summary>Multiplies row-major A [m × b.Depth] by a B packed with <see cref="PackB"/> for the context's tier.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> was packed for another tier.</exception>
    public static void Multiply(CpuContext cpu, int m, ReadOnlySpan<float> a, int lda, PackedMatrix b, Span<float> c, int ldc, ReadOnlySpan<float> bias = default, Activation activation = Activation.None)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(b);
        GemmArguments.CheckTier(cpu, b);
        GemmArguments.CheckOperands(m, b.Columns, b.Depth, a.Length, lda, c.Length, ldc, bias.Length);
        RequireActivation(activation);
        fixed (float* pa = a, pc = c, pbias = bias)
        {
            GemmDispatch.Run(cpu, m, new DenseRows(pa, lda), b.Panels, pc, ldc, bias.IsEmpty ? null : pbias, activation);
        }
    }

    /// <summary>The B panel width (NR) of a tier's micro-kernel; the scalar tier keeps B row-major.</summary>
    public static int PanelWidth(Isa isa) => GemmDispatch.PanelWidth(IsaSupport.Resolve(isa), 1);

    /// <summary>True when the fused epilogue supports <paramref name="activation"/>.</summary>
    public static bool Supports(Activation activation) => GemmDispatch.Supports(activation);

    private static void RequireActivation(Activation activation)
    {
        if (!GemmDispatch.Supports(activation))
        {
            throw new NotSupportedException(
                $"The GEMM epilogue does not support activation '{activation}'.");
        }
    }
}
