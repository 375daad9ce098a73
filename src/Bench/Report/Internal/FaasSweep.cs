using System.Globalization;
using System.Text.Json.Nodes;

namespace Toolkit.Bench.Report.Internal;

/// <summary>One <c>scaling</c> row of platform <c>faas</c>, read loosely: a Lambda memory size measured here.</summary>
internal sealed record FaasSize(JsonObject Row, int MemoryMb)
{
    /// <summary>The vCPUs Lambda gives this size.</summary>
    public double? Vcpus => Row.Number("vcpus");

    /// <summary>The quota this machine gave (Lambda's share, at most its cores).</summary>
    public double? QuotaCores => Row.Number("quota_cores");

    /// <summary>
    /// The latency the comparison reads: the mean of the recorded end-to-end samples, else the median inference time,
    /// else the end-to-end median. The mean is what a run of requests takes per request, and what Lambda bills; a
    /// median hides the quota's pauses below one vCPU, where most requests fit the period's slice and some wait out
    /// the period (MobileNetV1 at 512 MB: 8 ms median inference, 38 ms mean end to end).
    /// </summary>
    public double? LatencyMs => Row.Values("latency_samples_ms").ToList() is { Count: > 0 } samples ? samples.Average() : Row.Median("inference_ms") ?? Row.Median("latency_ms");

    public double? CostPerMillionUsd => Row.Number("cost_per_million_usd");

    /// <summary>True when this machine gave fewer cores than Lambda's share: the latency is an upper bound of Lambda's.</summary>
    public bool Capped => Vcpus is { } vcpus && QuotaCores is { } quota
        ? quota < vcpus - 1e-3
        : Row.Text("note")?.Contains("capped", StringComparison.Ordinal) == true;
}

/// <summary>
/// The verdict's comparison for one model: from the size nearest one full vCPU to the largest size this machine gave in
/// full, and from the smallest size to that largest one.
/// </summary>
internal sealed record FaasStep(string Model, FaasSize From, FaasSize To, FaasSize Smallest)
{
    public double MemoryRatio => (double)To.MemoryMb / From.MemoryMb;

    /// <summary>How many times faster <see cref="To"/> ran than <see cref="From"/>.</summary>
    public double Gain => From.LatencyMs!.Value / To.LatencyMs!.Value;

    public double? CostRatio => To.CostPerMillionUsd / From.CostPerMillionUsd;

    /// <summary>How many times slower the smallest size ran than <see cref="To"/>.</summary>
    public double SlowdownOfSmallest => Smallest.LatencyMs!.Value / To.LatencyMs!.Value;
}

/// <summary>One model's <c>scaling faas</c> rows in memory order; rows without a memory size in their config are left out.</summary>
internal sealed record FaasSweep(string Model, IReadOnlyList<FaasSize> Sizes)
{
    /// <summary>The paper's Figure 4 gives cost relative to 2 GB.</summary>
    public const int ReferenceMemoryMb = 2048;

    /// <summary>A step shorter than this in memory is too small to tell a gain from the noise of a quick run.</summary>
    public const double MinStepMemoryRatio = 1.5;

    public static List<FaasSweep> Read(ResultsDocument results) =>
        [.. results.Rows("scaling")
            .Where(r => r.Text("platform") == "faas" && r.Text("model") is not null)
            .Select(r => (Row: r, MemoryMb: MemoryOf(r)))
            .Where(p => p.MemoryMb is not null)
            .GroupBy(p => p.Row.Text("model")!, StringComparer.Ordinal)
            .Select(g => new FaasSweep(g.Key, [.. g.DistinctBy(p => p.MemoryMb).OrderBy(p => p.MemoryMb).Select(p => new FaasSize(p.Row, p.MemoryMb!.Value))]))];

    /// <summary>The size the relative columns divide by: 2048 MB, else the uncapped size nearest it.</summary>
    public FaasSize? Reference => Sizes.Where(s => !s.Capped).MinBy(s => Math.Abs(s.MemoryMb - ReferenceMemoryMb));

    /// <summary>
    /// The comparison the verdict makes, or null when this machine gave no size of at least
    /// <see cref="MinStepMemoryRatio"/> times one vCPU's memory in full: the paper explains the gain by the cores a size
    /// adds, so the step runs from one full vCPU up; capped sizes (this machine's cores, not Lambda's) are left out.
    /// </summary>
    public FaasStep? Step()
    {
        var full = Sizes.Where(s => !s.Capped && s.LatencyMs > 0).ToList();
        var from = full.Where(s => s.Vcpus > 0).MinBy(s => Math.Abs(Math.Log(s.Vcpus!.Value)));
        var to = full.LastOrDefault();
        return from is null || to is null || to.MemoryMb < from.MemoryMb * MinStepMemoryRatio ? null : new FaasStep(Model, from, to, full[0]);
    }

    /// <summary>The size in a config such as <c>2048MB</c>; null when there is none.</summary>
    private static int? MemoryOf(JsonObject row) =>
        row.Text("config") is { } config && config.EndsWith("MB", StringComparison.Ordinal)
            && int.TryParse(config[..^2], NumberStyles.None, CultureInfo.InvariantCulture, out var mb) && mb > 0 ? mb : null;
}
