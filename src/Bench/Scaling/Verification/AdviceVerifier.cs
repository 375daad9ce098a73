using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Verification;

/// <summary>
/// <c>advise --verify</c>: replays each platform's recommendation on this machine (<see cref="ReplayFleet"/>) under
/// the advisor's own arrivals (same pattern, same seed, so the same arrival times), and sets the measured p95 beside
/// the predicted one. Beside both it simulates the replayed fleet itself (warm, capped to this machine), so a gap
/// can be told apart: capping the fleet, or the prediction.
/// </summary>
public sealed class AdviceVerifier(BootstrapBuild build, string engine, PriceBook prices)
{
    /// <summary>A measured p95 up to this much above the prediction still meets it: the band the simulation is validated to.</summary>
    public const double Tolerance = ContainerRows.TargetError;

    public async Task<List<VerificationRow>> VerifyAsync(AdviceRequest request, ServiceProfile profile, IReadOnlyList<PlatformAdvice> advice, CancellationToken cancellationToken, QuotaServiceTimes? quota = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(advice);
        var arrivals = request.Workload.ArrivalTimesMs(new Random(request.Seed));
        var rows = new List<VerificationRow>();
        foreach (var platform in advice)
        {
            if (ReplayFleet.For(platform, Environment.ProcessorCount, prices) is not { } fleet)
            {
                Console.WriteLine($"advise --verify: {platform.Platform}: no recommendation to replay.");
                continue;
            }

            Console.WriteLine($"advise --verify: {platform.Platform} {fleet.Config}: {fleet.Note}; replaying {arrivals.Count} requests ({request.Workload.Label}) ...");
            var measured = LatencySamples.From(await ReplayAsync(request.Model, fleet, arrivals, cancellationToken).ConfigureAwait(false));
            var predicted = platform.Recommendation!.PredictedP95Ms;
            var replayPredicted = Simulator.Run(
                new ClusterConfig(fleet.Instances, fleet.Concurrency, fleet.CoresPerInstance, RoutingPolicy.LeastLoaded, OverflowPolicy.QueueAtDispatcher, WarmInstances: fleet.Instances),
                request.Workload, ReplayServiceTime(fleet, profile, quota), profile.ColdStartMs, request.Seed).LatencyP95Ms;
            var error = (predicted - measured.P95Ms) / measured.P95Ms;
            rows.Add(new VerificationRow(platform.Platform, fleet.Config, fleet.Note, fleet.Instances, arrivals.Count, request.TargetP95Ms,
                Math.Round(predicted, 2), Math.Round(replayPredicted, 2), Math.Round(measured.MedianMs, 2), Math.Round(measured.P95Ms, 2),
                Math.Round(error, 4), measured.P95Ms <= predicted * (1 + Tolerance) ? "met" : "missed", measured.P95Ms <= request.TargetP95Ms));
        }

        Print(rows);
        return rows;
    }

    private async Task<double[]> ReplayAsync(string model, ReplayFleet fleet, IReadOnlyList<double> arrivals, CancellationToken cancellationToken)
    {
        var instances = new List<ScalingInstance>();
        try
        {
            for (var i = 0; i < fleet.Instances; i++)
            {
                instances.Add(await ScalingInstance.StartAsync(build, model, engine, fleet.LimitOf(i), fleet.Threads, cancellationToken).ConfigureAwait(false));
            }

            await Task.WhenAll(instances.Select(i => i.WarmUpAsync(cancellationToken))).ConfigureAwait(false);
            var before = instances.Select(i => i.CpuStat).ToList();
            var latencies = await new ArrivalReplay(instances, fleet.Concurrency).RunAsync(arrivals, cancellationToken).ConfigureAwait(false);
            if (!fleet.Pinned)
            {
                // How often the quota bit during the replay (not the warm-up): the stalls a quota profile must have seen too.
                var after = instances.Select(i => i.CpuStat).ToList();
                long Delta(string key) => after.Zip(before).Sum(p => p.First.GetValueOrDefault(key) - p.Second.GetValueOrDefault(key));
                var periods = Delta("nr_throttled");
                var throttledMs = (Delta("throttled_usec") / 1e3) + (Delta("throttled_time") / 1e6);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"advise --verify: {fleet.Platform}: the quota throttled {periods} period(s), {throttledMs:F0} ms in all, over {fleet.Instances} instance(s); requests over 2× the median: {latencies.Count(l => l > 2 * LatencySamples.From(latencies).MedianMs)} of {latencies.Length}"));
            }

            return latencies;
        }
        finally
        {
            instances.ForEach(i => i.Dispose());
        }
    }

    /// <summary>A quota fleet (Lambda, SageMaker) from the samples under its quota when there are some, else the pinned profile.</summary>
    private static IServiceTimeDistribution ReplayServiceTime(ReplayFleet fleet, ServiceProfile profile, QuotaServiceTimes? quota) =>
        (fleet.Pinned ? null : quota?.At(fleet.CoresPerInstance, profile)) ?? profile.ServiceTimeAt(fleet.CoresPerInstance);

    private static void Print(IReadOnlyList<VerificationRow> rows)
    {
        var table = new TextTable("platform", "recommendation", "replayed on", "requests", "predicted p95", "replay predicted p95", "measured p50", "measured p95", "error", "verdict", "target met");
        foreach (var row in rows)
        {
            table.Add(row.Platform, row.Config, string.Create(CultureInfo.InvariantCulture, $"{row.Instances} instance(s)"), row.Requests, row.PredictedP95Ms, row.ReplayPredictedP95Ms,
                row.MeasuredMedianMs, row.MeasuredP95Ms, string.Create(CultureInfo.InvariantCulture, $"{row.PredictionError:+0.0%;-0.0%}"), row.Verdict, row.TargetMet ? "yes" : "NO");
        }

        Console.WriteLine($"advise --verify: measured on this machine (warm instances, the advisor's arrival times); 'met' = measured p95 at most {Tolerance:P0} above the prediction; error = (predicted − measured) / measured.");
        table.Print();
    }
}
