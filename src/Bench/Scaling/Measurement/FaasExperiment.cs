using Toolkit.Bench.ColdStart;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// <c>scaling faas</c>: every model at every memory size (<see cref="FaasMeasurement"/>), as rows with the platform's
/// cost, a console table, and per model a figure of latency (bars) and cost (line) against memory, as the paper's
/// Figure 4.
/// </summary>
public sealed class FaasExperiment(BootstrapBuild build, string engine, LambdaCpuShare share, FaasPlan plan, Func<FaasPoint, double> costPerMillionUsd)
{
    public async Task<List<ScalingRow>> RunAsync(string figureDirectory, CancellationToken cancellationToken)
    {
        var memorySizesMb = plan.MemorySizesMb;
        var cores = Environment.ProcessorCount;
        var capped = memorySizesMb.Where(m => share.Vcpus(m) > cores).ToList();
        Console.WriteLine($"scaling faas: Lambda's share is memory/{share.MegabytesPerVcpu} vCPU; this machine has {cores} cores, so "
            + (capped.Count == 0 ? "no size is capped." : $"{string.Join(", ", capped.Select(FaasRows.ConfigName))} run capped at {cores} cores (their latency is an upper bound of Lambda's)."));
        var rows = new List<ScalingRow>();
        var measurement = new FaasMeasurement(build, engine, share, plan);
        foreach (var model in plan.Models)
        {
            var points = await measurement.RunAsync(model, memorySizesMb, cancellationToken).ConfigureAwait(false);
            var modelRows = FaasRows.From(model, points, costPerMillionUsd);
            rows.AddRange(modelRows);
            FaasRows.SaveFigure(Path.Combine(figureDirectory, $"scaling-faas-{model}.png"), model, cores, modelRows);
        }

        FaasRows.Print(rows);
        return rows;
    }
}
