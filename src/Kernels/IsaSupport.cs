using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Kernels;

/// <summary>Which <see cref="Isa"/> tiers this process can run, as the JIT or the AOT compiler sees the CPU.</summary>
public static class IsaSupport
{
    /// <summary>The tiers this process can run, narrowest first.</summary>
    public static IReadOnlyList<Isa> Available { get; } = [.. new[] { Isa.Scalar, Isa.Vector128, Isa.Avx2, Isa.Avx512 }.Where(IsSupported)];

    /// <summary>The widest tier available.</summary>
    public static Isa Widest { get; } = Available[^1];

    /// <summary>True when this process can run <paramref name="isa"/>; <see cref="Isa.Best"/> is always supported.</summary>
    public static bool IsSupported(Isa isa) => isa switch
    {
        Isa.Best or Isa.Scalar => true,
        Isa.Vector128 => Vector128.IsHardwareAccelerated,
        // The AVX2 tier relies on FMA as well; every AVX2 CPU in practice has it, but a runtime switch can hide it.
        Isa.Avx2 => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported,
        // Avx512F, not Vector512.IsHardwareAccelerated: on CPUs that lower their clock under AVX-512 (Skylake-SP,
        // Cascade Lake: the paper's m5.large and this build machine) the runtime reports Vector512 as not accelerated
        // so that auto-vectorized library code stays 256-bit, yet Vector512 code still compiles to zmm instructions
        // and runs about twice as fast per instruction. DOTNET_EnableAVX512=0 turns Avx512F off.
        Isa.Avx512 => Avx512F.IsSupported,
        _ => false,
    };

    /// <summary>
    /// Turns <see cref="Isa.Best"/> into the widest available tier and checks any other tier.
    /// </summary>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    public static Isa Resolve(Isa isa)
    {
        if (isa == Isa.Best)
        {
            return Widest;
        }

        if (!Enum.IsDefined(isa))
        {
            throw new ArgumentOutOfRangeException(nameof(isa), isa, "Unknown ISA tier.");
        }

        return IsSupported(isa) ? isa : throw new IsaNotSupportedException(isa);
    }

    /// <summary>The lower-case name used in reports and JSON (<c>scalar</c>, <c>vector128</c>, <c>avx2</c>, <c>avx512</c>).</summary>
    public static string Name(Isa isa) => isa switch
    {
        Isa.Best => "best",
        Isa.Scalar => "scalar",
        Isa.Vector128 => "vector128",
        Isa.Avx2 => "avx2",
        Isa.Avx512 => "avx512",
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "Unknown ISA tier."),
    };

    /// <summary>Parses a name written by <see cref="Name"/>, ignoring case.</summary>
    public static Isa Parse(string name) =>
        Enum.GetValues<Isa>().FirstOrDefault(i => string.Equals(Name(i), name, StringComparison.OrdinalIgnoreCase), (Isa)(-1)) is var isa && isa >= 0
            ? isa
            : throw new ArgumentException($"Unknown ISA tier '{name}'; expected one of best, scalar, vector128, avx2, avx512.", nameof(name));
}
