using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// <c>scaling containers</c> for one model:
/// <list type="number">
/// <item>starts the <see cref="ProfileProbe"/> instances, times the cold start and samples the service profile;</item>
/// <item>runs each configuration that fits this machine for real, sampling its own instances' service times, one
/// request at a time, beside every burst;</item>
/// <item>simulates each real burst from the service times sampled just before and after it (prediction error), and the
/// larger configurations from the profile;</item>
/// <item>samples the profile again after the real runs, writes it for <c>advise --profile</c>, and the rows with Cloud
/// Run's cost, a table and the Figure 5 chart.</item>
/// </list>
/// </summary>
public sealed class ContainerExperiment(BootstrapBuild build, string engine, PriceBook prices, ContainerPlan plan)
{
    // Service times sampled per instance between real bursts; a burst is predicted from the blocks on either side, 24
    // per instance, enough for their mean (what a queue of 24 requests adds up) to settle.
    private const int PerBurstSamples = 12;

    public async Task<List<ScalingRow>> RunAsync(string model, string profilePath, string figureDirectory, CancellationToken cancellationToken)
    {
        using var probe = await ProfileProbe.StartAsync(build, engine, model, cancellationToken).ConfigureAwait(false);
        var coldStartMs = await probe.ColdStartMsAsync(plan.ColdStarts, cancellationToken).ConfigureAwait(false);
        var first = await probe.SampleAsync(plan.ProfileSamples, cancellationToken).ConfigureAwait(false);
        var burst = plan.BurstFor(LatencySamples.From(first.OneCoreMs).MedianMs);
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
        var firstProfile = probe.Profile(coldStartMs);
        foreach (var config in real)
        {
            var blocks = new List<double[][]>();
            var run = await measurement.RunAsync(model, config, burst, async instances =>
                blocks.Add(await SampleEachAsync(instances, PerBurstSamples, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            var measuredLatency = MedianP95.Of(run.LatencyMs);
            rows.Add(new ScalingRow(ScalingRow.Containers, model, config.Name, ScalingRow.Measured, measuredLatency,
                Round(ContainerSimulation.CostPerMillionUsd(config, firstProfile, prices.CloudRun, run.BusyIntervalsMs(), run.Samples.Count)),
                InferenceMs: MedianP95.Of(run.InferenceMs), Threads: config.CoresPerInstance, Burst: burst, Requests: run.Samples.Count,
                Note: string.Create(CultureInfo.InvariantCulture, $"{run.Bursts} bursts, instances pinned to their own cores; inference_ms is the server's infer entry, engine-lock wait included; instance busy time {run.BusyMsPerRequest:F1} ms per request"),
                LatencySamplesMs: [.. run.Samples.Select(s => Math.Round(s.LatencyMs, 3))]));
            // Each real burst is predicted from its instances' own service times, sampled just before and just after
            // it: the other tenants' load changes within seconds (a block on one side alone missed its burst's speed by
            // up to 2x) and each vCPU of this VM changes speed on its own. Samples from the probe's processes, taken
            // between the bursts with the three kinds in turn, had a mean 5-17% above the burst's own two-core
            // instance's busy time per request in five runs out of five, which put 1_1_2 at +8% to +18%.
            var perBurst = Enumerable.Range(0, run.Bursts).Select(b => (IReadOnlyList<IServiceTimeDistribution>)[.. Enumerable.Range(0, config.Instances)
                .Select(i => new EmpiricalServiceTime([.. blocks[b][i], .. blocks[b + 1][i]]))]).ToList();
            double[] drawn = [.. blocks.SelectMany(block => block.SelectMany(instance => instance))];
            rows.Add(Simulated(model, config, burst, perBurst, firstProfile, measuredLatency,
                string.Create(CultureInfo.InvariantCulture, $"each burst from its instances' own round trips, one request at a time per instance, {PerBurstSamples} just before and {PerBurstSamples} just after it (mean {drawn.Average():F1} ms, median {LatencySamples.From(drawn).MedianMs:F1} ms)")));
        }

        await probe.SampleAsync(plan.ProfileSamples, cancellationToken).ConfigureAwait(false);
        var profile = probe.Profile(coldStartMs);
        profile.Save(profilePath);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scaling containers: {model} profile: {profile.Samples1CoreMs.Length} samples, median {LatencySamples.From(profile.Samples1CoreMs).MedianMs:F1} ms at 1 core, {LatencySamples.From(profile.Samples2CoresMs).MedianMs:F1} ms at 2 cores (Amdahl p = {profile.Scaling.ParallelFraction:F2}), {(profile.Samples1CoreSharedMs is { } shared ? string.Create(CultureInfo.InvariantCulture, $"{LatencySamples.From(shared).MedianMs:F1} ms at 1 core beside a busy neighbour, ") : "")}cold start {coldStartMs:F0} ms; wrote {profilePath}"));
        foreach (var config in plan.SimulatedOnly.Where(c => !real.Contains(c)))
        {
            rows.Add(Simulated(model, config, burst, [[profile.ServiceTimeAt(config.CoresPerInstance)]], profile, null, "from the whole profile, each instance on dedicated cores"));
        }

        ContainerRows.Print(rows);
        ContainerRows.SaveFigure(Path.Combine(figureDirectory, $"scaling-containers-{model}.png"), model, burst, rows);
        return rows;
    }

    /// <summary>
    /// <paramref name="count"/> requests one after another to each instance, all instances at once (as their burst
    /// keeps them all busy); the round trips (ms) per instance.
    /// </summary>
    private static async Task<double[][]> SampleEachAsync(IReadOnlyList<ScalingInstance> instances, int count, CancellationToken cancellationToken)
    {
        var samples = await Task.WhenAll(instances.Select(i => i.SendSequentiallyAsync(count, cancellationToken))).ConfigureAwait(false);
        return [.. samples.Select(perInstance => perInstance.Select(s => Math.Round(s.EndToEndMs, 3)).ToArray())];
    }

    private ScalingRow Simulated(string model, ContainerConfig config, int burst, IReadOnlyList<IReadOnlyList<IServiceTimeDistribution>> perBurst, ServiceProfile profile, MedianP95? measured, string basis)
    {
        var (latencies, cost) = ContainerSimulation.Run(config, burst, perBurst, profile, prices.CloudRun, plan.Seeds);
        var latency = MedianP95.Of(latencies);
        return new ScalingRow(ScalingRow.Containers, model, config.Name, ScalingRow.Simulated, latency, Round(cost),
            PredictionError: measured is null ? null : MedianP95.RelativeError(latency, measured),
            Threads: config.CoresPerInstance, Burst: burst, Requests: latencies.SamplesMs.Length,
            Note: string.Create(CultureInfo.InvariantCulture, $"{basis}; {plan.Seeds} seeds, warm instances, Cloud Run request billing at {ContainerSimulation.MemoryGib(config, profile, prices.CloudRun):0.##} GiB"));
    }

    private static double? Round(double? usd) => usd is { } value ? Math.Round(value, 4) : null;
}
