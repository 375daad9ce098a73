using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Pricing;

namespace Toolkit.Bench.Scaling.Verification;

/// <summary>
/// A recommendation as this machine can run it: warm bootstrap instances, each under the CPU limit its platform gives
/// (Lambda and SageMaker Serverless: a CFS quota of the memory's vCPU share; Cloud Run: pinned to its vCPUs), taking
/// <see cref="Concurrency"/> requests at once, as many as the prediction started but no more than fit the cores.
/// Requests past every slot wait at the dispatcher (on the platform, Lambda and SageMaker would start another
/// environment instead; the prediction's own fleet is simulated beside the replay to show what capping changes).
/// </summary>
public sealed record ReplayFleet(string Platform, string Config, int Instances, int Concurrency, double CoresPerInstance, int Threads, bool Pinned, string Note)
{
    /// <summary>The CPU limit of instance <paramref name="index"/>.</summary>
    public CpuLimit LimitOf(int index) => Pinned
        ? CpuLimit.Pinned([.. Enumerable.Range(index * (int)CoresPerInstance, (int)CoresPerInstance)])
        : CpuLimit.Quota(CoresPerInstance);

    /// <summary>
    /// Starts the fleet's instances, warms them up, and replays each of <paramref name="sequences"/> (arrival times in
    /// ms) against them, one after another on the same warm instances; one run per sequence, in order.
    /// </summary>
    /// <exception cref="CpuLimitUnavailableException">The fleet's CPU limit cannot be enforced here.</exception>
    /// <exception cref="InvalidOperationException">An instance did not start or a request failed.</exception>
    public async Task<List<ReplayRun>> ReplayAsync(BootstrapBuild build, string engine, string model, IReadOnlyList<IReadOnlyList<double>> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfZero(sequences.Count);
        var instances = new List<ScalingInstance>();
        try
        {
            for (var i = 0; i < Instances; i++)
            {
                instances.Add(await ScalingInstance.StartAsync(build, model, engine, LimitOf(i), Threads, cancellationToken).ConfigureAwait(false));
            }

            await Task.WhenAll(instances.Select(i => i.WarmUpAsync(cancellationToken))).ConfigureAwait(false);
            var runs = new List<ReplayRun>(sequences.Count);
            foreach (var arrivalTimesMs in sequences)
            {
                var before = instances.Select(i => i.CpuStat).ToList();
                var requests = await new ArrivalReplay(instances, Concurrency).RunAsync(arrivalTimesMs, cancellationToken).ConfigureAwait(false);
                var after = instances.Select(i => i.CpuStat).ToList();
                // cgroup v2 counts throttled time in µs (throttled_usec), v1 in ns (throttled_time); only one of them exists.
                long Delta(string key) => after.Zip(before).Sum(p => p.First.GetValueOrDefault(key) - p.Second.GetValueOrDefault(key));
                runs.Add(new ReplayRun(requests, Delta("nr_throttled"), (Delta("throttled_usec") / 1e3) + (Delta("throttled_time") / 1e6)));
            }

            return runs;
        }
        finally
        {
            instances.ForEach(i => i.Dispose());
        }
    }

    /// <summary>The fleet for one platform's recommendation on a machine with <paramref name="machineCores"/>; null without a recommendation.</summary>
    public static ReplayFleet? For(PlatformAdvice advice, int machineCores, PriceBook prices)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(prices);
        if (advice.Recommendation is not { } pick)
        {
            return null;
        }

        var settings = pick.Settings;
        var started = Math.Max(1, pick.ColdStarts);
        switch (advice.Platform)
        {
            case ConfigurationAdvisor.Lambda:
            case ConfigurationAdvisor.SageMakerServerless:
            {
                var memoryMb = settings.MemoryMb ?? throw new InvalidOperationException($"The {advice.Platform} recommendation '{pick.Config}' has no memory_mb.");
                var vcpus = advice.Platform == ConfigurationAdvisor.Lambda ? prices.Lambda.VcpuShare(memoryMb) : prices.SageMakerServerless.VcpuShare(memoryMb);
                var quota = Math.Min(vcpus, machineCores);
                var platformLimit = advice.Platform == ConfigurationAdvisor.Lambda ? started : Math.Min(started, settings.MaxConcurrency ?? started);
                var fits = Math.Max(1, (int)Math.Floor((machineCores + 1e-9) / quota));
                var instances = Math.Min(platformLimit, fits);
                var threads = CpuLimit.StartedCores(vcpus, machineCores);
                return new ReplayFleet(advice.Platform, pick.Config, instances, 1, quota, threads, Pinned: false, Format(
                    $"{instances} warm instance(s) under a {quota:0.###}-core CFS quota each ({vcpus:0.###} vCPU for {memoryMb} MB{(quota < vcpus ? ", capped at this machine" : "")}), {threads} thread(s), one request at a time; ")
                    + (instances < platformLimit ? Format($"the prediction started {platformLimit}, this machine fits {fits}: requests past them wait instead of starting an environment") : Format($"as many as the prediction started ({started})")));
            }

            case ConfigurationAdvisor.CloudRun:
            {
                var vcpu = settings.Vcpu ?? 1;
                var cores = CpuLimit.StartedCores(vcpu, machineCores);
                var planned = settings.Instances ?? 1;
                var fits = Math.Max(1, machineCores / cores);
                var instances = Math.Min(Math.Min(planned, started), fits);
                return new ReplayFleet(advice.Platform, pick.Config, instances, settings.Concurrency ?? 1, cores, cores, Pinned: true, Format(
                    $"{instances} warm instance(s) pinned to {cores} core(s) each{(cores < vcpu ? $" (the recommendation has {vcpu:0.##} vCPU: capped at this machine)" : "")}, concurrency {settings.Concurrency ?? 1}; ")
                    + (instances < Math.Min(planned, started) ? Format($"the prediction started {Math.Min(planned, started)}, this machine fits {fits}") : Format($"as many as the prediction started ({Math.Min(planned, started)})")));
            }

            default:
                throw new ArgumentException($"Unknown platform '{advice.Platform}'; expected {ConfigurationAdvisor.Lambda}, {ConfigurationAdvisor.SageMakerServerless} or {ConfigurationAdvisor.CloudRun}.", nameof(advice));
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
