using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.Json.Serialization;
using Toolkit.Kernels;
using Toolkit.Kernels.Quantized;

namespace Toolkit.Bench.Reporting;

/// <summary>The machine a report came from: every report names it, because absolute times only mean something there.</summary>
public sealed record MachineInfo(
    [property: JsonPropertyName("cpu_model")] string CpuModel,
    [property: JsonPropertyName("isa_flags")] IReadOnlyList<string> IsaFlags,
    [property: JsonPropertyName("isa_tiers")] IReadOnlyList<string> IsaTiers,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("memory_gib")] double MemoryGib,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("dotnet")] string DotnetVersion,
    [property: JsonPropertyName("int8_tiers")] IReadOnlyList<string>? Int8Tiers = null)
{
    public static MachineInfo Current()
    {
        var flags = new List<string>();
        void Add(bool supported, string name)
        {
            if (supported)
            {
                flags.Add(name);
            }
        }

        Add(Sse42.IsSupported, "sse4.2");
        Add(Avx.IsSupported, "avx");
        Add(Avx2.IsSupported, "avx2");
        Add(Fma.IsSupported, "fma");
        Add(Avx512F.IsSupported, "avx512f");
        Add(Avx512BW.IsSupported, "avx512bw");
        Add(Avx512DQ.IsSupported, "avx512dq");
        Add(Avx512Vbmi.IsSupported, "avx512vbmi");
        Add(AvxVnni.IsSupported, "avx-vnni");
        Add(Int8IsaSupport.IsSupported(Int8Isa.Avx512Vnni), "avx512-vnni");

        return new MachineInfo(
            ReadCpuModel(),
            flags,
            [.. IsaSupport.Available.Select(IsaSupport.Name)],
            Environment.ProcessorCount,
            Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            [.. Int8IsaSupport.Available.Select(Int8IsaSupport.Name)]);
    }

    public override string ToString() =>
        $"{CpuModel}, {Cores} cores, {MemoryGib} GiB, {Os}, {DotnetVersion}; ISA flags: {string.Join(' ', IsaFlags)}; tiers: {string.Join(' ', IsaTiers)}; int8 tiers: {string.Join(' ', Int8Tiers ?? [])}";

    private static string ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            foreach (var line in File.ReadLines(cpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
