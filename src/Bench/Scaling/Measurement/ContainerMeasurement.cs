using Toolkit.Bench.ColdStart;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Figure 5 measured: a configuration's instances as bootstrap processes, each pinned to its own cores with
/// <c>TOOLKIT_THREADS</c> = its cores, behind a <see cref="BurstDispatcher"/>; after a warm-up of each instance and one
/// untimed burst that opens the connections, <c>bursts</c> timed bursts, pooled. A caller's step runs on the
/// configuration's instances before each timed burst and once after the last (the experiment samples their service
/// times there, so each burst is bracketed by the samples that predict it).
/// </summary>
public sealed class ContainerMeasurement(BootstrapBuild build, string engine, int bursts)
{
    /// <exception cref="ArgumentException">The configuration needs more cores than this machine has.</exception>
    public async Task<ContainerRun> RunAsync(string model, ContainerConfig config, int burstSize, Func<IReadOnlyList<ScalingInstance>, Task> beforeEachBurst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(beforeEachBurst);
        if (!config.FitsOn(Environment.ProcessorCount))
        {
            throw new ArgumentException($"Configuration {config} needs {config.TotalCores} cores; this machine has {Environment.ProcessorCount}. Simulate it instead.", nameof(config));
        }

        var instances = new List<ScalingInstance>();
        try
        {
            for (var i = 0; i < config.Instances; i++)
            {
                instances.Add(await ScalingInstance.StartAsync(build, model, engine, CpuLimit.Pinned(config.CpusOf(i)), config.CoresPerInstance, cancellationToken).ConfigureAwait(false));
            }

            // Every instance warms up as the profile's instances do, at once (they have cores of their own); then one
            // burst fills every slot of every instance twice, so each opens all its connections.
            await Task.WhenAll(instances.Select(i => i.WarmUpAsync(cancellationToken))).ConfigureAwait(false);
            var dispatcher = new BurstDispatcher(instances, config.Concurrency);
            await dispatcher.SendBurstAsync(2 * config.Capacity, cancellationToken).ConfigureAwait(false);
            var samples = new List<BurstSample>();
            for (var b = 0; b < bursts; b++)
            {
                await beforeEachBurst(instances).ConfigureAwait(false);
                var burst = await dispatcher.SendBurstAsync(burstSize, cancellationToken).ConfigureAwait(false);
                if (burst.FirstOrDefault(s => s.Failed) is { } failed)
                {
                    throw new InvalidOperationException($"Request {failed.Request} of a burst on {config} failed: {failed.Error}");
                }

                samples.AddRange(burst);
            }

            // Once more after the last burst, so every burst has a step on each side of it.
            await beforeEachBurst(instances).ConfigureAwait(false);

            var run = new ContainerRun(config, burstSize, bursts, samples);
            Console.WriteLine($"scaling containers: {model} {config,-6} {bursts}×{burstSize} requests: latency {run.LatencyMs.MedianMs:F1}/{run.LatencyMs.P95Ms:F1} ms, inference {run.InferenceMs.MedianMs:F1}/{run.InferenceMs.P95Ms:F1} ms (median/p95)");
            return run;
        }
        finally
        {
            foreach (var instance in instances)
            {
                instance.Dispose();
            }
        }
    }
}
