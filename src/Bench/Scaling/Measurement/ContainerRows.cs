using System.Globalization;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>The console table and the Figure 5 chart of one model's <c>scaling containers</c> rows.</summary>
public static class ContainerRows
{
    /// <summary>The simulation's target: within 15% of the measured median and p95 (issue 7).</summary>
    public const double TargetError = 0.15;

    public static void Print(IReadOnlyList<ScalingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new TextTable("model", "config", "burst", "measured p50", "measured p95", "simulated p50", "simulated p95", "error p50", "error p95", "$/1M measured", "$/1M simulated", "within 15%");
        foreach (var (config, measured, simulated) in Pairs(rows))
        {
            var error = simulated?.PredictionError;
            table.Add(
                (measured ?? simulated)!.Model,
                config,
                (measured ?? simulated)!.Burst,
                measured?.LatencyMs.Median,
                measured?.LatencyMs.P95,
                simulated?.LatencyMs.Median,
                simulated?.LatencyMs.P95,
                error is null ? null : Percent(error.Median),
                error is null ? null : Percent(error.P95),
                measured?.CostPerMillionUsd,
                simulated?.CostPerMillionUsd,
                error is null ? "" : Math.Abs(error.Median) <= TargetError && Math.Abs(error.P95) <= TargetError ? "yes" : "NO");
        }

        table.Print();
    }

    public static void SaveFigure(string path, string model, int burst, IReadOnlyList<ScalingRow> rows)
    {
        var pairs = Pairs(rows);
        ScalingFigure.Save(
            path,
            string.Create(CultureInfo.InvariantCulture, $"{model}, a burst of {burst}: latency measured here where it fits and simulated, Cloud Run cost"),
            "configuration (instances_concurrency_cores)",
            [.. pairs.Select(p => p.Config)],
            [
                new("measured median", [.. pairs.Select(p => p.Measured?.LatencyMs.Median)]),
                new("measured p95", [.. pairs.Select(p => p.Measured?.LatencyMs.P95)]),
                new("simulated median", [.. pairs.Select(p => p.Simulated?.LatencyMs.Median)]),
                new("simulated p95", [.. pairs.Select(p => p.Simulated?.LatencyMs.P95)]),
            ],
            [.. pairs.Select(p => p.Simulated?.CostPerMillionUsd ?? p.Measured?.CostPerMillionUsd)]);
    }

    /// <summary>Per configuration in first-seen order, its measured and simulated row (either may be missing).</summary>
    public static List<(string Config, ScalingRow? Measured, ScalingRow? Simulated)> Pairs(IReadOnlyList<ScalingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Select(r => r.Config).Distinct(StringComparer.Ordinal).Select(config => (
            config,
            rows.FirstOrDefault(r => r.Config == config && r.Source == ScalingRow.Measured),
            rows.FirstOrDefault(r => r.Config == config && r.Source == ScalingRow.Simulated)))];
    }

    private static string Percent(double fraction) => fraction.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture);
}
