namespace Toolkit.Kernels;

/// <summary>
/// An instruction-set tier. Every kernel has one code path per tier, so one process can compare tiers
/// and tests can cover every tier the CPU has.
/// </summary>
public enum Isa
{
    /// <summary>The widest tier this CPU and runtime accelerate; resolved by <see cref="IsaSupport.Resolve"/>.</summary>
    Best = 0,

    /// <summary>Plain scalar code: the reference every other tier is tested against.</summary>
    Scalar = 1,

    /// <summary>128-bit vectors (SSE on x86-64, AdvSimd on Arm64).</summary>
    Vector128 = 2,

    /// <summary>256-bit vectors with fused multiply-add (AVX2 + FMA).</summary>
    Avx2 = 3,

    /// <summary>512-bit vectors (AVX-512F).</summary>
    Avx512 = 4,
}
