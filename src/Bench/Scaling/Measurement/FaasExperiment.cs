using System.Globalization;
using Toolkit.Bench.ColdStart;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// <c>scaling faas</c>: every model at every memory size (<see cref="FaasMeasurement"/>), as rows with the platform's
/// cost, a console table, and per model a figure of latency (bars) and cost (line) against memory, as the paper's
/// Figure 4.
/// </summary>
public sealed class FaasExperiment(BootstrapBuild build, string engine, LambdaCpuShare share, int warmRequests, double warmSeconds, Func<FaasPoint, double> costPerMillionUsd)
{
    public async Task<List<ScalingRow>> RunAsync(IReadOnlyList<string> models, IReadOnlyList<int> memorySizesMb, string figureDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(memorySizesMb);
        var cores = Environment.ProcessorCount;
        var capped = memorySizesMb.Where(m => share.Vcpus(m) > cores).ToList();
        Console.WriteLine($"scaling faas: Lambda's share is memory/{share.MegabytesPerVcpu} vCPU; this machine has {cores} cores, so "
            + (capped.Count == 0 ? "no size is capped." : $"{string.Join(", ", capped.Select(FaasRows.ConfigName))} run capped at {cores} cores (their latency is an upper bound of Lambda's)."));
        var rows = new List<ScalingRow>();
        var measurement = new FaasMeasurement(build, engine, share, warmRequests, warmSeconds);
        foreach (var model in models)
        {
            var points = await measurement.RunAsync(model, memorySizesMb, cancellationToken).ConfigureAwait(false);
            var modelRows = FaasRows.From(model, points, costPerMillionUsd);
            rows.AddRange(modelRows);
            ScalingFigure.Save(
                Path.Combine(figureDirectory, $"scaling-faas-{model}.png"),
                string.Create(CultureInfo.InvariantCulture, $"{model} on Lambda-sized CPU quotas (capped at {cores} cores): latency and cost per memory size"),
                "configured memory (vCPU share = memory / 1769 MB)",
                [.. modelRows.Select(r => r.Config + (r.Note is null ? "" : "*"))],
                [
                    new("inference median", [.. modelRows.Select(r => r.InferenceMs?.Median)]),
                    new("end-to-end median", [.. modelRows.Select(r => (double?)r.LatencyMs.Median)]),
                    new("end-to-end p95", [.. modelRows.Select(r => (double?)r.LatencyMs.P95)]),
                ],
                [.. modelRows.Select(r => r.CostPerMillionUsd)]);
        }

        FaasRows.Print(rows);
        return rows;
    }
}
