using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// <c>scaling containers</c> for one model:
/// <list type="number">
/// <item>starts the <see cref="ProfileProbe"/> instances and times the cold start;</item>
/// <item>runs each configuration that fits this machine for real, sampling service times beside every burst;</item>
/// <item>simulates each real configuration from the service times sampled beside it (prediction error), and the
/// larger ones from all of them;</item>
/// <item>writes the pooled <see cref="ServiceProfile"/> for <c>advise --profile</c>, the rows with Cloud Run's cost,
/// a table and the Figure 5 chart.</item>
/// </list>
/// </summary>
public sealed class ContainerExperiment(BootstrapBuild build, string engine, PriceBook prices, ContainerPlan plan)
{
    public async Task<List<ScalingRow>> RunAsync(string model, string profilePath, string figureDirectory, CancellationToken cancellationToken)
    {
        using var probe = await ProfileProbe.StartAsync(build, engine, model, cancellationToken).ConfigureAwait(false);
        var coldStartMs = await probe.ColdStartMsAsync(plan.ColdStarts, cancellationToken).ConfigureAwait(false);
        var (firstOneCoreMs, _) = await probe.SampleAsync(plan.ProfileSamples, cancellationToken).ConfigureAwait(false);
        var burst = plan.BurstFor(LatencySamples.From(firstOneCoreMs).MedianMs);
        if (burst != plan.Burst)
        {
            Console.WriteLine($"scaling containers: {model}: a burst of {plan.Burst} would take over 6 s on one core; sending (and simulating) {burst} instead.");
        }

        var cores = Environment.ProcessorCount;
        var real = plan.Real.Where(c => c.FitsOn(cores)).ToList();
        foreach (var skipped in plan.Real.Where(c => !c.FitsOn(cores)))
        {
            Console.WriteLine($"scaling containers: {skipped} needs {skipped.TotalCores} cores, this machine has {cores}: simulated only.");
        }

        var rows = new List<ScalingRow>();
        var measurement = new ContainerMeasurement(build, engine, plan.Bursts);
        // Per burst, a share of the profile samples, so every configuration's slice is as large as the first sample.
        var perBurst = Math.Max(5, plan.ProfileSamples / Math.Max(1, plan.Bursts));
        foreach (var config in real)
        {
            var oneCore = new List<double>();
            var twoCores = new List<double>();
            var run = await measurement.RunAsync(model, config, burst, async () =>
            {
                var (one, two) = await probe.SampleAsync(perBurst, cancellationToken).ConfigureAwait(false);
                oneCore.AddRange(one);
                twoCores.AddRange(two);
            }, cancellationToken).ConfigureAwait(false);
            var beside = probe.Profile(coldStartMs, oneCore, twoCores);
            var measuredLatency = MedianP95.Of(run.LatencyMs);
            rows.Add(new ScalingRow(ScalingRow.Containers, model, config.Name, ScalingRow.Measured, measuredLatency,
                Round(ContainerSimulation.CostPerMillionUsd(config, beside, prices.CloudRun, run.BusyIntervalsMs(), run.Samples.Count)),
                InferenceMs: MedianP95.Of(run.InferenceMs), Threads: config.CoresPerInstance, Burst: burst, Requests: run.Samples.Count,
                Note: $"{run.Bursts} bursts, instances pinned to their own cores; inference_ms is the server's infer entry, engine-lock wait included",
                LatencySamplesMs: [.. run.Samples.Select(s => Math.Round(s.LatencyMs, 3))]));
            rows.Add(Simulated(model, config, burst, beside, measuredLatency,
                string.Create(CultureInfo.InvariantCulture, $"service times sampled beside these bursts: {LatencySamples.From(oneCore).MedianMs:F1} ms at 1 core, {LatencySamples.From(twoCores).MedianMs:F1} ms at 2")));
        }

        var profile = probe.Profile(coldStartMs);
        profile.Save(profilePath);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scaling containers: {model} profile: {profile.Samples1CoreMs.Length} samples, median {LatencySamples.From(profile.Samples1CoreMs).MedianMs:F1} ms at 1 core, {LatencySamples.From(profile.Samples2CoresMs).MedianMs:F1} ms at 2 cores (Amdahl p = {profile.Scaling.ParallelFraction:F2}), cold start {coldStartMs:F0} ms; wrote {profilePath}"));
        foreach (var config in plan.SimulatedOnly.Where(c => !real.Contains(c)))
        {
            rows.Add(Simulated(model, config, burst, profile, null, "from the whole profile"));
        }

        ContainerRows.Print(rows);
        ContainerRows.SaveFigure(Path.Combine(figureDirectory, $"scaling-containers-{model}.png"), model, burst, rows);
        return rows;
    }

    private ScalingRow Simulated(string model, ContainerConfig config, int burst, ServiceProfile profile, MedianP95? measured, string basis)
    {
        var (latencies, cost) = ContainerSimulation.Run(config, burst, profile, prices.CloudRun, plan.Seeds);
        var latency = MedianP95.Of(latencies);
        return new ScalingRow(ScalingRow.Containers, model, config.Name, ScalingRow.Simulated, latency, Round(cost),
            PredictionError: measured is null ? null : MedianP95.RelativeError(latency, measured),
            Threads: config.CoresPerInstance, Burst: burst, Requests: latencies.SamplesMs.Length,
            Note: string.Create(CultureInfo.InvariantCulture, $"{basis}; {plan.Seeds} seeds, warm instances, Cloud Run request billing at {ContainerSimulation.MemoryGib(config, profile, prices.CloudRun):0.##} GiB"));
    }

    private static double? Round(double? usd) => usd is { } value ? Math.Round(value, 4) : null;
}
