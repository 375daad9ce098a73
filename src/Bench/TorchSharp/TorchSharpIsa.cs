using Toolkit.Kernels;

namespace Toolkit.Bench.TorchSharp;

/// <summary>
/// The ISA tiers libtorch can be held to, and the environment that holds it there. libtorch reads these variables once,
/// when its libraries load, so a tier applies to a whole process: Bench runs each tier in a child process.
/// </summary>
public static class TorchSharpIsa
{
    public const string Avx2 = "avx2";

    public const string Avx512 = "avx512";

    /// <summary>
    /// oneDNN (convolutions, pooling), MKL (GEMM of dense layers) and ATen's own vectorized loops (element-wise ops,
    /// softmax) each dispatch on their own, so each has its own cap; all three are needed for a whole-AVX2 run.
    /// </summary>
    private static readonly string[] CapVariables = ["ONEDNN_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS", "ATEN_CPU_CAPABILITY"];

    /// <summary>The tiers this CPU can run: AVX-512 only where our own AVX-512 tier is available too.</summary>
    public static IReadOnlyList<string> Available { get; } =
        IsaSupport.Available.Contains(Isa.Avx512) ? [Avx2, Avx512] : IsaSupport.Available.Contains(Isa.Avx2) ? [Avx2] : [];

    /// <summary>
    /// Variables to set (a value) or remove (null) in a child process for <paramref name="tier"/>: AVX2 caps all three
    /// libraries; AVX-512 removes any cap inherited from the parent, so each library picks the widest the CPU has.
    /// </summary>
    /// <exception cref="ArgumentException">The tier is neither avx2 nor avx512.</exception>
    public static IReadOnlyDictionary<string, string?> EnvironmentFor(string tier) => tier switch
    {
        Avx2 => new Dictionary<string, string?>
        {
            ["ONEDNN_MAX_CPU_ISA"] = "AVX2",
            ["MKL_ENABLE_INSTRUCTIONS"] = "AVX2",
            ["ATEN_CPU_CAPABILITY"] = "avx2",
        },
        Avx512 => CapVariables.ToDictionary(v => v, _ => (string?)null),
        _ => throw new ArgumentException($"tier must be '{Avx2}' or '{Avx512}'; received '{tier}'.", nameof(tier)),
    };
}
