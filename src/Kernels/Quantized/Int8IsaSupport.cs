using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Toolkit.Kernels.Quantized.Internal;

namespace Toolkit.Kernels.Quantized;

/// <summary>Which <see cref="Int8Isa"/> tiers this process can run.</summary>
public static class Int8IsaSupport
{
    /// <summary>The narrowest weight the <c>vpmaddubsw</c> tiers take: 255·(−64)·2 = −32640 still fits a 16-bit pair sum.</summary>
    public const sbyte NarrowWeightMin = -64;

    /// <summary>The widest weight the <c>vpmaddubsw</c> tiers take: 255·63·2 = 32130.</summary>
    public const sbyte NarrowWeightMax = 63;

    /// <summary>The tiers this process can run, narrowest first.</summary>
    public static IReadOnlyList<Int8Isa> Available { get; } =
        [.. new[] { Int8Isa.Scalar, Int8Isa.Avx2, Int8Isa.AvxVnni, Int8Isa.Avx512Bw, Int8Isa.Avx512Vnni }.Where(IsSupported)];

    /// <summary>The widest tier available.</summary>
    public static Int8Isa Widest => Available[^1];

    /// <summary>
    /// True when this process can run <paramref name="isa"/>. .NET 10 exposes VNNI only as <see cref="AvxVnni"/> (VEX,
    /// up to 256 bits); it has no <c>Avx512Vnni</c> class, so the 512-bit tier reads the CPUID bit itself (leaf 7, ECX
    /// bit 11) and emits its micro-kernel as machine code (<see cref="Vnni512Code"/>). It needs AVX-512 enabled in this
    /// runtime (<c>DOTNET_EnableAVX512=0</c> turns it off with the other 512-bit tiers) and a page it may execute.
    /// </summary>
    public static bool IsSupported(Int8Isa isa) => isa switch
    {
        Int8Isa.Best or Int8Isa.Scalar => true,
        Int8Isa.Avx2 => Avx2.IsSupported,
        Int8Isa.AvxVnni => AvxVnni.IsSupported,
        Int8Isa.Avx512Bw => Avx512BW.IsSupported,
        Int8Isa.Avx512Vnni => Avx512BW.IsSupported && CpuHasAvx512Vnni() && Vnni512Code.IsAvailable,
        _ => false,
    };

    /// <summary>True for the tiers whose 16-bit pair sums saturate unless the weights are 7-bit.</summary>
    public static bool NeedsNarrowWeights(Int8Isa isa) => isa is Int8Isa.Avx2 or Int8Isa.Avx512Bw;

    /// <summary>The widest available int8 tier no wider than the floating-point tier <paramref name="isa"/>.</summary>
    public static Int8Isa For(Isa isa) => IsaSupport.Resolve(isa) switch
    {
        Isa.Avx512 => Available[^1],
        Isa.Avx2 => Available.Last(t => t <= Int8Isa.AvxVnni),
        _ => Int8Isa.Scalar,
    };

    /// <summary>Turns <see cref="Int8Isa.Best"/> into the widest available tier and checks any other tier.</summary>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    public static Int8Isa Resolve(Int8Isa isa)
    {
        if (isa == Int8Isa.Best)
        {
            return Widest;
        }

        if (!Enum.IsDefined(isa))
        {
            throw new ArgumentOutOfRangeException(nameof(isa), isa, "Unknown int8 tier.");
        }

        return IsSupported(isa)
            ? isa
            : throw new IsaNotSupportedException(
                $"Int8 tier '{Name(isa)}' is not supported by this CPU or runtime; available int8 tiers: {string.Join(", ", Available.Select(Name))}. " +
                "Check DOTNET_EnableAVX512/DOTNET_EnableAVX2 in the environment.");
    }

    /// <summary>The lower-case name used in reports and JSON.</summary>
    public static string Name(Int8Isa isa) => isa switch
    {
        Int8Isa.Best => "best",
        Int8Isa.Scalar => "scalar",
        Int8Isa.Avx2 => "avx2",
        Int8Isa.AvxVnni => "avx-vnni",
        Int8Isa.Avx512Bw => "avx512bw",
        Int8Isa.Avx512Vnni => "avx512-vnni",
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "Unknown int8 tier."),
    };

    /// <summary>Parses a name written by <see cref="Name"/>, ignoring case.</summary>
    public static Int8Isa Parse(string name) =>
        Enum.GetValues<Int8Isa>().FirstOrDefault(i => string.Equals(Name(i), name, StringComparison.OrdinalIgnoreCase), (Int8Isa)(-1)) is var isa && isa >= 0
            ? isa
            : throw new ArgumentException($"Unknown int8 tier '{name}'; expected one of best, scalar, avx2, avx-vnni, avx512bw, avx512-vnni.", nameof(name));

    /// <summary>CPUID.(EAX=7, ECX=0):ECX[bit 11], AVX512_VNNI.</summary>
    private static bool CpuHasAvx512Vnni() =>
        RuntimeInformation.ProcessArchitecture == Architecture.X64 && X86Base.IsSupported && (X86Base.CpuId(7, 0).Ecx & (1 << 11)) != 0;
}
