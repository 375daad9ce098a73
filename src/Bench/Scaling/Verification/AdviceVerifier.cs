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
/// the advisor's own arrivals (same pattern, same seed, so the same arrival times), <see cref="Replays"/> times on
/// the same warm instances, and sets the p95 of all the replays' requests beside the predicted one (a single replay
/// of the same fleet moved by 22-30% between two back-to-back runs on this shared machine, more than the band a
/// verdict allows). The verdict holds the replay to the advisor's prediction for the fleet replayed: the same model
/// (service times, queueing, routing) simulated for the instances this machine runs, warm. When the fleet fits, that
/// is the recommendation's own prediction (less its few cold starts); when it is capped, the recommendation's
/// prediction assumes environments this machine cannot start (a 1.16-core Lambda size predicted 35 ms with four
/// environments; replayed on the one that fits, requests queued and measured 49 ms, as its own fleet predicted).
/// </summary>
public sealed class AdviceVerifier(BootstrapBuild build, string engine, PriceBook prices, int replays)
{
    /// <summary>A measured p95 up to this much above the prediction still meets it: the band the simulation is validated to.</summary>
    public const double Tolerance = ContainerRows.TargetError;

    /// <summary>Replays per recommendation by default.</summary>
    public const int DefaultReplays = 3;

    public int Replays { get; } = replays >= 1 ? replays
        : throw new ArgumentOutOfRangeException(nameof(replays), replays, $"replays must be at least 1; received {replays}.");

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

            Console.WriteLine($"advise --verify: {platform.Platform} {fleet.Config}: {fleet.Note}; replaying {arrivals.Count} requests ({request.Workload.Label}) {Replays} time(s) ...");
            var runs = await fleet.ReplayAsync(build, engine, request.Model, arrivals, Replays, cancellationToken).ConfigureAwait(false);
            var perReplayP95 = runs.Select(r => Math.Round(LatencySamples.From(r.LatenciesMs).P95Ms, 2)).ToArray();
            var measured = LatencySamples.From(runs.SelectMany(r => r.LatenciesMs));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"advise --verify: {fleet.Platform}: p95 per replay {string.Join(", ", perReplayP95)} ms{(fleet.Pinned ? "" : $"; the quota throttled {string.Join(", ", runs.Select(r => r.ThrottledPeriods))} period(s) ({string.Join(", ", runs.Select(r => Math.Round(r.ThrottledMs)))} ms) over {fleet.Instances} instance(s)")}"));
            var predicted = platform.Recommendation!.PredictedP95Ms;
            var replayPredicted = Simulator.Run(
                new ClusterConfig(fleet.Instances, fleet.Concurrency, fleet.CoresPerInstance, RoutingPolicy.LeastLoaded, OverflowPolicy.QueueAtDispatcher, WarmInstances: fleet.Instances),
                request.Workload, ReplayServiceTime(fleet, profile, quota), profile.ColdStartMs, request.Seed).LatencyP95Ms;
            var error = (replayPredicted - measured.P95Ms) / measured.P95Ms;
            rows.Add(new VerificationRow(platform.Platform, fleet.Config, fleet.Note, fleet.Instances, arrivals.Count, Replays, request.TargetP95Ms,
                Math.Round(predicted, 2), Math.Round(replayPredicted, 2), Math.Round(measured.MedianMs, 2), Math.Round(measured.P95Ms, 2), perReplayP95,
                Math.Round(error, 4), measured.P95Ms <= replayPredicted * (1 + Tolerance) ? "met" : "missed", measured.P95Ms <= request.TargetP95Ms));
        }

        Print(rows);
        return rows;
    }

    /// <summary>A quota fleet (Lambda, SageMaker) from the samples under its quota when there are some, else the pinned profile.</summary>
    private static IServiceTimeDistribution ReplayServiceTime(ReplayFleet fleet, ServiceProfile profile, QuotaServiceTimes? quota) =>
        (fleet.Pinned ? null : quota?.At(fleet.CoresPerInstance, profile)) ?? profile.ServiceTimeAt(fleet.CoresPerInstance);

    private void Print(IReadOnlyList<VerificationRow> rows)
    {
        var table = new TextTable("platform", "recommendation", "replayed on", "requests", "predicted p95", "predicted p95 of the replayed fleet", "measured p50", "measured p95", "p95 per replay", "error", "verdict", "target met");
        foreach (var row in rows)
        {
            table.Add(row.Platform, row.Config, string.Create(CultureInfo.InvariantCulture, $"{row.Instances} instance(s)"), string.Create(CultureInfo.InvariantCulture, $"{row.Replays}×{row.Requests}"), row.PredictedP95Ms, row.ReplayPredictedP95Ms,
                row.MeasuredMedianMs, row.MeasuredP95Ms, string.Join(" / ", row.MeasuredP95PerReplayMs.Select(p => p.ToString("F1", CultureInfo.InvariantCulture))),
                string.Create(CultureInfo.InvariantCulture, $"{row.PredictionError:+0.0%;-0.0%}"), row.Verdict, row.TargetMet ? "yes" : "NO");
        }

        Console.WriteLine($"advise --verify: measured on this machine (warm instances, the advisor's arrival times, {Replays} replay(s) pooled); 'met' = measured p95 at most {Tolerance:P0} above the replayed fleet's prediction; error = (that prediction − measured) / measured.");
        table.Print();
    }
}
