using System.Runtime.Intrinsics.X86;

namespace Toolkit.Bench.TorchSharp.Native;

/// <summary>
/// Whether the CPU describes its caches through CPUID's deterministic cache leaves (leaf 4 on Intel, 0x8000001D on
/// AMD). Some hypervisors return zeros there: seen on a 2-vCPU AMD EPYC (Zen 5) VM whose <c>lscpu -C</c> lists no cache
/// and whose <c>/sys/devices/system/cpu/cpu0/cache</c> is absent. oneDNN sizes its blocks from those leaves, and with
/// more than one thread its 1×1 brgemm convolution (<c>brg_blocking_t::est_eff_1x1</c>, libtorch 2.10) then divides by
/// zero: the process dies of SIGFPE at MobileNetV1's first 7×7 pointwise convolution.
/// </summary>
public static class CpuCacheTopology
{
    /// <summary>True when the CPU's deterministic cache leaf describes no cache at all.</summary>
    public static bool Hidden { get; } = DetectHidden();

    /// <summary>Why libtorch cannot run convolutions on <paramref name="threads"/> threads here, or null when it can.</summary>
    public static string? ConvolutionProblem(int threads) =>
        threads > 1 && Hidden
            ? $"this CPU's CPUID reports no cache sizes (leaf {(IsAmd() ? "0x8000001D" : "4")} is empty, as some hypervisors leave it), and libtorch's oneDNN divides by zero sizing a " +
              $"1×1 convolution for {threads} threads (SIGFPE); libtorch convolutions run here on 1 thread only (--threads 1)"
            : null;

    private static bool DetectHidden()
    {
        if (!X86Base.IsSupported)
        {
            return false;
        }

        var leaf = IsAmd() ? unchecked((int)0x8000001D) : 4;
        var highest = IsAmd() ? X86Base.CpuId(unchecked((int)0x80000000), 0).Eax : X86Base.CpuId(0, 0).Eax;
        // Bits 4:0 of EAX are the cache type of sub-leaf 0; 0 means "no more caches", here "none at all".
        return highest < leaf || (X86Base.CpuId(leaf, 0).Eax & 0x1f) == 0;
    }

    /// <summary>"AuthenticAMD" (and Hygon's AMD-compatible "HygonGenuine") take AMD's cache leaf.</summary>
    private static bool IsAmd()
    {
        var (_, ebx, _, _) = X86Base.CpuId(0, 0);
        return ebx is 0x68747541 /* "Auth" */ or 0x6f677948 /* "Hygo" */;
    }
}
