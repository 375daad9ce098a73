using Toolkit.Bench.Scaling.Pricing;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Lambda's CPU allotment emulated on this machine: the share a memory size buys is the price book's rule
/// (<see cref="LambdaPrices.VcpuShare"/>: memory / 1769 MB vCPU, up to 6, with its source), here turned into a CFS
/// quota and an inference thread count, both capped at this machine's cores.
/// </summary>
public sealed class LambdaCpuShare(LambdaPrices prices)
{
    /// <summary>The paper's range, 512 MB to 10240 MB, at the points where the share crosses whole vCPUs and between.</summary>
    public static IReadOnlyList<int> MemorySizesMb { get; } = [512, 1024, 1769, 2048, 3008, 4096, 5308, 7076, 8848, 10240];

    /// <summary>The memory at which a function gets one full vCPU (from the price book).</summary>
    public double MegabytesPerVcpu => prices.MbPerVcpu.Value;

    /// <summary>The vCPUs Lambda gives <paramref name="memoryMb"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The memory is outside Lambda's range in the price book.</exception>
    public double Vcpus(int memoryMb) => prices.VcpuShare(memoryMb);

    /// <summary>The quota this machine can give: the share, at most <paramref name="machineCores"/>.</summary>
    public double QuotaCores(int memoryMb, int machineCores) => Math.Min(Vcpus(memoryMb), machineCores);

    /// <summary>Inference threads: one per started vCPU (a 1.2-vCPU function can keep two threads partly busy), capped.</summary>
    public int Threads(int memoryMb, int machineCores) => CpuLimit.StartedCores(Vcpus(memoryMb), machineCores);
}
