using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Scaling.Advisor;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>What one quota sampling saw: the round trips and how often the quota bit while they ran.</summary>
public sealed record QuotaSample(double QuotaCores, int Threads, double[] SamplesMs, long ThrottledPeriods, double ThrottledMs);

/// <summary>
/// Service times of a Lambda or SageMaker Serverless size as the replay runs it: one warm bootstrap under a CFS quota
/// of the size's vCPU share (capped at this machine's cores, <see cref="QuotaServiceTimes.QuotaCores"/>) with one
/// inference thread per started vCPU, not pinned, sent requests one at a time with an idle gap after each answer; each
/// sample is the client's round trip, as <see cref="ProfileProbe"/> takes them, so the two kinds of profile mix in one
/// advice. The gap matters: a quota is a CPU budget per 100 ms period, not a slower CPU, so how often a request stalls
/// depends on how busy the instance is (back to back at a 0.58-core quota, 15 of 40 periods throttled and the p95 three
/// times the median; a replay at 10 requests/s over three instances rarely throttles).
/// </summary>
public static class QuotaProbe
{
    /// <summary>The limit and thread count a share of <paramref name="vcpus"/> is sampled under on a machine of <paramref name="machineCores"/>.</summary>
    public static (CpuLimit Limit, int Threads) PlanFor(double vcpus, int machineCores) =>
        (CpuLimit.Quota(QuotaServiceTimes.QuotaCores(vcpus, machineCores)), QuotaServiceTimes.Threads(vcpus, machineCores));

    /// <exception cref="CpuLimitUnavailableException">A quota cannot be enforced here.</exception>
    /// <exception cref="InvalidOperationException">The bootstrap did not start or a request failed.</exception>
    public static async Task<QuotaSample> SampleAsync(BootstrapBuild build, string engine, string model, double vcpus, int count, double idleMeanMs, int seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(idleMeanMs);
        var (limit, threads) = PlanFor(vcpus, Environment.ProcessorCount);
        using var instance = await ScalingInstance.StartAsync(build, model, engine, limit, threads, cancellationToken).ConfigureAwait(false);
        await instance.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        var before = instance.CpuStat;
        var random = new Random(seed);
        var samples = new List<Protocols.ProtocolSample>(count);
        for (var i = 0; i < count; i++)
        {
            samples.AddRange(await instance.SendSequentiallyAsync(1, cancellationToken).ConfigureAwait(false));
            if (idleMeanMs > 0)
            {
                // Exponential gaps: the idle times of an instance fed by Poisson arrivals.
                await Task.Delay(TimeSpan.FromMilliseconds(-idleMeanMs * Math.Log(1 - random.NextDouble())), cancellationToken).ConfigureAwait(false);
            }
        }

        var after = instance.CpuStat;
        // cgroup v2 counts throttled time in µs (throttled_usec), v1 in ns (throttled_time); only one of them exists.
        long Delta(string key) => after.GetValueOrDefault(key) - before.GetValueOrDefault(key);
        var sample = new QuotaSample(limit.Cores!.Value, threads, [.. samples.Select(s => Math.Round(s.EndToEndMs, 3))], Delta("nr_throttled"), (Delta("throttled_usec") / 1e3) + (Delta("throttled_time") / 1e6));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"advise: {model} under a {sample.QuotaCores:0.###}-core quota ({vcpus:0.###} vCPU), {threads} thread(s): {count} round trips (idle gaps of {idleMeanMs:F0} ms mean), median {Reporting.LatencySamples.From(sample.SamplesMs).MedianMs:F1} / p95 {Reporting.LatencySamples.From(sample.SamplesMs).P95Ms:F1} ms, throttled {sample.ThrottledPeriods} period(s), {sample.ThrottledMs:F0} ms"));
        return sample;
    }
}
