using System.Globalization;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>The <c>scaling faas</c> rows and console table of one model's measured memory sizes.</summary>
public static class FaasRows
{
    /// <param name="costPerMillionUsd">The platform's bill for a million requests like the point's warm ones.</param>
    public static List<ScalingRow> From(string model, IReadOnlyList<FaasPoint> points, Func<FaasPoint, double> costPerMillionUsd)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(costPerMillionUsd);
        return [.. points.Select(p => new ScalingRow(
            ScalingRow.Faas,
            model,
            ConfigName(p.MemoryMb),
            ScalingRow.Measured,
            MedianP95.Of(p.EndToEndMs),
            Math.Round(costPerMillionUsd(p), 4),
            InferenceMs: MedianP95.Of(p.InferenceMs),
            ColdStartMs: Math.Round(p.ColdStartMs, 1),
            Vcpus: Math.Round(p.VcpuShare, 3),
            QuotaCores: Math.Round(p.QuotaCores, 3),
            Threads: p.Threads,
            Requests: p.EndToEndMs.SamplesMs.Length,
            Note: p.Capped ? string.Create(CultureInfo.InvariantCulture, $"capped at this machine's {p.QuotaCores:0.##} cores (Lambda gives {p.VcpuShare:0.##} vCPU)") : null,
            LatencySamplesMs: [.. p.EndToEndMs.SamplesMs.Select(s => Math.Round(s, 3))]))];
    }

    public static string ConfigName(int memoryMb) => string.Create(CultureInfo.InvariantCulture, $"{memoryMb}MB");

    public static void Print(IReadOnlyList<ScalingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new TextTable("model", "memory", "vCPU", "quota", "threads", "infer p50", "infer p95", "e2e p50", "e2e p95", "cold start", "$/1M req", "note");
        foreach (var row in rows)
        {
            table.Add(row.Model, row.Config, row.Vcpus, row.QuotaCores, row.Threads, row.InferenceMs?.Median, row.InferenceMs?.P95, row.LatencyMs.Median, row.LatencyMs.P95, row.ColdStartMs, row.CostPerMillionUsd, row.Note ?? "");
        }

        table.Print();
    }
}
