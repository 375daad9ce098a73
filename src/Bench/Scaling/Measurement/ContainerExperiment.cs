using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// <c>scaling containers</c> for one model: measures its <see cref="ServiceProfile"/> (written for <c>advise
/// --profile</c>), runs the configurations that fit this machine for real, simulates those and the larger ones from
/// the profile, and reports each with its Cloud Run cost and, where both exist, the simulation's prediction error.
/// </summary>
public sealed class ContainerExperiment(BootstrapBuild build, string engine, PriceBook prices, ContainerPlan plan)
{
    public async Task<List<ScalingRow>> RunAsync(string model, string profilePath, string figureDirectory, CancellationToken cancellationToken)
    {
        var profile = await new ProfileMeasurement(build, engine, plan.ProfileSamples, plan.ColdStarts).RunAsync(model, cancellationToken).ConfigureAwait(false);
        profile.Save(profilePath);
        var medianOneCoreMs = Reporting.LatencySamples.From(profile.Samples1CoreMs).MedianMs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scaling containers: {model} profile: service {medianOneCoreMs:F1} ms at 1 core, {Reporting.LatencySamples.From(profile.Samples2CoresMs).MedianMs:F1} ms at 2 cores (Amdahl p = {profile.Scaling.ParallelFraction:F2}), cold start {profile.ColdStartMs:F0} ms; wrote {profilePath}"));
        var burst = plan.BurstFor(medianOneCoreMs);
        if (burst != plan.Burst)
        {
            Console.WriteLine($"scaling containers: {model}: a burst of {plan.Burst} would take {plan.Burst * medianOneCoreMs / 1000:F1} s on one core; sending (and simulating) {burst} instead.");
        }

        var cores = Environment.ProcessorCount;
        var real = plan.Real.Where(c => c.FitsOn(cores)).ToList();
        foreach (var skipped in plan.Real.Where(c => !c.FitsOn(cores)))
        {
            Console.WriteLine($"scaling containers: {skipped} needs {skipped.TotalCores} cores, this machine has {cores}: simulated only.");
        }

        var rows = new List<ScalingRow>();
        var measured = new Dictionary<string, MedianP95>(StringComparer.Ordinal);
        var measurement = new ContainerMeasurement(build, engine, plan.Bursts);
        foreach (var config in real)
        {
            var run = await measurement.RunAsync(model, config, burst, cancellationToken).ConfigureAwait(false);
            var latency = MedianP95.Of(run.LatencyMs);
            measured[config.Name] = latency;
            var cost = ContainerSimulation.CostPerMillionUsd(config, profile, prices.CloudRun, run.BusyIntervalsMs(), run.Samples.Count);
            rows.Add(new ScalingRow(ScalingRow.Containers, model, config.Name, ScalingRow.Measured, latency, Round(cost),
                InferenceMs: MedianP95.Of(run.InferenceMs), Threads: config.CoresPerInstance, Burst: burst, Requests: run.Samples.Count,
                Note: $"{run.Bursts} bursts, instances pinned to their own cores",
                LatencySamplesMs: [.. run.Samples.Select(s => Math.Round(s.LatencyMs, 3))]));
        }

        foreach (var config in real.Concat(plan.SimulatedOnly.Where(c => !real.Contains(c))))
        {
            var (latencies, cost) = ContainerSimulation.Run(config, burst, profile, prices.CloudRun, plan.Seeds);
            var latency = MedianP95.Of(latencies);
            rows.Add(new ScalingRow(ScalingRow.Containers, model, config.Name, ScalingRow.Simulated, latency, Round(cost),
                PredictionError: measured.TryGetValue(config.Name, out var truth) ? MedianP95.RelativeError(latency, truth) : null,
                Threads: config.CoresPerInstance, Burst: burst, Requests: latencies.SamplesMs.Length,
                Note: string.Create(CultureInfo.InvariantCulture, $"{plan.Seeds} seeds; warm instances; Cloud Run request billing at {ContainerSimulation.MemoryGib(config, profile, prices.CloudRun):0.##} GiB")));
        }

        ContainerRows.Print(rows);
        ContainerRows.SaveFigure(Path.Combine(figureDirectory, $"scaling-containers-{model}.png"), model, burst, rows);
        return rows;
    }

    private static double? Round(double? usd) => usd is { } value ? Math.Round(value, 4) : null;
}
