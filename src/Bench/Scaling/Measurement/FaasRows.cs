using System.Globalization;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>The <c>scaling faas</c> rows, console table and Figure 4 chart of one model's measured memory sizes.</summary>
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
            LatencySamplesMs: [.. p.EndToEndMs.SamplesMs.Select(s => Math.Round(s, 3))],
            QuotaMechanism: p.QuotaMechanism))];
    }

    /// <summary>
    /// The paper's Figure 4 for one model: inference and end-to-end latency bars per memory size, the cost per million
    /// requests as a line on the right axis; a size whose share this machine capped is starred.
    /// </summary>
    /// <param name="cores">The cores the quotas were capped at (the machine's).</param>
    public static void SaveFigure(string path, string model, int cores, IReadOnlyList<ScalingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ScalingFigure.Save(
            path,
            string.Create(CultureInfo.InvariantCulture, $"{model} on Lambda-sized CPU quotas (capped at {cores} cores): latency and cost per memory size"),
            "configured memory (vCPU share = memory / 1769 MB; * = capped)",
            [.. rows.Select(r => r.Config + (IsCapped(r) ? "*" : ""))],
            [
                new("inference median", [.. rows.Select(r => r.InferenceMs?.Median)]),
                new("end-to-end median", [.. rows.Select(r => (double?)r.LatencyMs.Median)]),
                new("end-to-end p95", [.. rows.Select(r => (double?)r.LatencyMs.P95)]),
            ],
            [.. rows.Select(r => r.CostPerMillionUsd)]);
    }

    /// <summary>True when this machine gave the row fewer cores than Lambda's share (its quota is below its vCPUs).</summary>
    public static bool IsCapped(ScalingRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.QuotaCores < row.Vcpus - 1e-3;
    }

    public static string ConfigName(int memoryMb) => string.Create(CultureInfo.InvariantCulture, $"{memoryMb}MB");

    public static void Print(IReadOnlyList<ScalingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new TextTable("model", "memory", "vCPU", "quota", "by", "threads", "infer p50", "infer p95", "e2e p50", "e2e p95", "cold start", "$/1M req", "note");
        foreach (var row in rows)
        {
            table.Add(row.Model, row.Config, row.Vcpus, row.QuotaCores, row.QuotaMechanism ?? "", row.Threads, row.InferenceMs?.Median, row.InferenceMs?.P95, row.LatencyMs.Median, row.LatencyMs.P95, row.ColdStartMs, row.CostPerMillionUsd, row.Note ?? "");
        }

        table.Print();
    }
}
