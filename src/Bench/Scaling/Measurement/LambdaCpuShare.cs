namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Lambda's CPU allotment: proportional to the configured memory, one vCPU at 1769 MB, up to six at 10240 MB (AWS
/// Lambda developer guide, "Memory and computing power"). Emulated here as a CFS quota, capped at this machine's cores.
/// </summary>
public static class LambdaCpuShare
{
    /// <summary>The memory at which a function gets one full vCPU.</summary>
    public const double MegabytesPerVcpu = 1769;

    /// <summary>Lambda's largest vCPU allotment (at 10240 MB).</summary>
    public const double MaxVcpus = 6;

    /// <summary>The paper's range, 512 MB to 10240 MB, at the points where the share crosses whole vCPUs and between.</summary>
    public static IReadOnlyList<int> MemorySizesMb { get; } = [512, 1024, 1769, 2048, 3008, 4096, 5308, 7076, 8848, 10240];

    /// <summary>The vCPUs Lambda gives <paramref name="memoryMb"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The memory is outside Lambda's 128–10240 MB.</exception>
    public static double Vcpus(int memoryMb) =>
        memoryMb is >= 128 and <= 10240
            ? Math.Min(MaxVcpus, memoryMb / MegabytesPerVcpu)
            : throw new ArgumentOutOfRangeException(nameof(memoryMb), memoryMb, $"Lambda memory must be 128–10240 MB; received {memoryMb}.");

    /// <summary>The quota this machine can give: the share, at most <paramref name="machineCores"/>.</summary>
    public static double QuotaCores(int memoryMb, int machineCores) => Math.Min(Vcpus(memoryMb), machineCores);

    /// <summary>Inference threads: one per started vCPU (a 1.2-vCPU function can keep two threads partly busy), capped.</summary>
    public static int Threads(int memoryMb, int machineCores) => Math.Clamp((int)Math.Ceiling(Vcpus(memoryMb) - 1e-9), 1, machineCores);
}
