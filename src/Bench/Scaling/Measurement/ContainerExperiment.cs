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
/// <item>simulates each real burst from the service times sampled just before and after it (prediction error), and the
/// larger configurations from all of them;</item>
/// <item>writes the pooled <see cref="ServiceProfile"/> for <c>advise --profile</c>, the rows with Cloud Run's cost,
/// a table and the Figure 5 chart.</item>
/// </list>
/// </summary>
public sealed class ContainerExperiment(BootstrapBuild build, string engine, PriceBook prices, ContainerPlan plan)
{
    // Service times sampled per kind (1 core, 2 cores, 1 core shared) between real bursts; a burst is predicted from
    // the blocks on either side, 24 per kind, enough for their mean (what a queue of 24 requests adds up) to settle.
    // A block is about a second for MobileNetV1.
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
        foreach (var config in real)
        {
            var blocks = new List<ProbeBlock>();
            var run = await measurement.RunAsync(model, config, burst, async () =>
                blocks.Add(await probe.SampleAsync(PerBurstSamples, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            var measuredLatency = MedianP95.Of(run.LatencyMs);
            var pooled = probe.Profile(coldStartMs, ProbeBlock.Concat(blocks));
            rows.Add(new ScalingRow(ScalingRow.Containers, model, config.Name, ScalingRow.Measured, measuredLatency,
                Round(ContainerSimulation.CostPerMillionUsd(config, pooled, prices.CloudRun, run.BusyIntervalsMs(), run.Samples.Count)),
                InferenceMs: MedianP95.Of(run.InferenceMs), Threads: config.CoresPerInstance, Burst: burst, Requests: run.Samples.Count,
                Note: string.Create(CultureInfo.InvariantCulture, $"{run.Bursts} bursts, instances pinned to their own cores; inference_ms is the server's infer entry, engine-lock wait included; instance busy time {run.BusyMsPerRequest:F1} ms per request"),
                LatencySamplesMs: [.. run.Samples.Select(s => Math.Round(s.LatencyMs, 3))]));
            // Each real burst is predicted from the samples taken just before and just after it: the other tenants' load
            // changes within seconds, and a block on one side alone missed its burst's speed by up to 2x.
            var perBurst = Enumerable.Range(0, run.Bursts).Select(b => Distributions(config, ProbeBlock.Concat(blocks.Skip(b).Take(2)))).ToList();
            var (basis, drawn) = Basis(config, ProbeBlock.Concat(blocks));
            rows.Add(Simulated(model, config, burst, perBurst, pooled, measuredLatency,
                string.Create(CultureInfo.InvariantCulture, $"each burst from the {2 * PerBurstSamples} service times per instance sampled just before and after it ({basis}: mean {drawn.Average():F1} ms, median {LatencySamples.From(drawn).MedianMs:F1} ms)")));
        }

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
    /// The service-time distribution of each instance of a real configuration: the 2-core samples for 2-core
    /// instances; for several 1-core instances, each its own core's samples taken beside a busy neighbour (as they
    /// run); for one 1-core instance, the samples on core 0 alone (where it runs, the harness on the other core).
    /// </summary>
    private static List<IServiceTimeDistribution> Distributions(ContainerConfig config, ProbeBlock block) =>
        config.CoresPerInstance >= 2 ? [new EmpiricalServiceTime(block.TwoCoresMs)]
        : config.Instances > 1 && block.SharedPerCoreMs.Length > 0 ? [.. Enumerable.Range(0, config.Instances).Select(i => new EmpiricalServiceTime(block.SharedPerCoreMs[config.CpusOf(i)[0] % block.SharedPerCoreMs.Length]))]
        : [new EmpiricalServiceTime(block.OneCoreMs)];

    private static (string Basis, double[] DrawnMs) Basis(ContainerConfig config, ProbeBlock block) =>
        config.CoresPerInstance >= 2 ? ("2 cores", block.TwoCoresMs)
        : config.Instances > 1 && block.SharedPerCoreMs.Length > 0 ? ("1 core each, beside a busy neighbour", block.SharedMs)
        : ("1 core alone", block.OneCoreMs);

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
