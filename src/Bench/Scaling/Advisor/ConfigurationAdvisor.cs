using System.Globalization;
using Toolkit.Bench.Scaling.Advisor.Internal;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>
/// Picks, per platform, the cheapest configuration whose predicted p95 (cold starts included) meets the target: every
/// candidate is simulated under the same arrivals (same seed) with this machine's service-time profile and billed with
/// the platform's published prices and rules.
/// </summary>
public static class ConfigurationAdvisor
{
    public const string Lambda = "lambda";
    public const string SageMakerServerless = "sagemaker_serverless";
    public const string CloudRun = "cloud_run";

    // Costs within half a percent are a tie (the 1 ms and 100 ms roundings alone move costs that much); a tie goes to
    // the lower p95, so below 1 vCPU on Lambda, where GB-seconds stay constant as memory grows, the faster size wins.
    private const double CostTieFraction = 0.005;

    // How many losing configurations of each kind (cheaper but failing; meeting the target but costlier) to show.
    private const int RunnersUpPerKind = 3;

    /// <summary>The statement every advice carries about where its numbers come from.</summary>
    public static string Basis(ServiceProfile profile, PriceBook prices) => string.Concat(
        Format($"Predictions come from this machine's measurements ({profile.Source}; {profile.Model}: median {Median(profile.Samples1CoreMs):F1} ms at 1 core, "),
        Format($"{Median(profile.Samples2CoresMs):F1} ms at 2 cores, Amdahl parallel fraction {profile.Scaling.ParallelFraction:F2}, cold start {profile.ColdStartMs:F0} ms) "),
        $"fed through a discrete-event queueing model of each platform and the published prices in {(prices.SourcePath.Length > 0 ? prices.SourcePath : "the built-in price book")}. ",
        "They are not measurements on the platforms: the platforms' own provisioning time and network time are not included, and their CPUs differ from this one.");

    /// <param name="quota">Service times sampled under CFS quotas: a Lambda or SageMaker size whose quota is there is
    /// predicted from them instead of the pinned profile (see <see cref="QuotaServiceTimes"/>).</param>
    public static IReadOnlyList<PlatformAdvice> Advise(AdviceRequest request, ServiceProfile profile, PriceBook prices, QuotaServiceTimes? quota = null) =>
    [
        Decide(Lambda, LambdaCandidates.Plan(profile, prices.Lambda, quota), request, LambdaCandidates.Notes),
        Decide(SageMakerServerless, SageMakerCandidates.Plan(profile, prices.SageMakerServerless, quota), request, SageMakerCandidates.Notes),
        Decide(CloudRun, CloudRunCandidates.Plan(profile, prices.CloudRun), request, CloudRunCandidates.Notes),
    ];

    private static PlatformAdvice Decide(string platform, IEnumerable<PlannedCandidate> plans, AdviceRequest request, string notes)
    {
        var outcomes = plans.Select(plan => Evaluate(plan, request)).ToList();
        var target = request.TargetP95Ms;
        var feasible = outcomes.Where(o => o.Meets(target)).ToList();
        if (feasible.Count == 0)
        {
            var fastest = Distinct(outcomes.OrderBy(o => o.Rejected).ThenBy(o => o.PredictedP95Ms)).Take(2 * RunnersUpPerKind);
            return new PlatformAdvice(platform, null, [.. fastest.Select(o => new RunnerUp(o, Failure(o, target)))], outcomes.Count, [notes]);
        }

        var cheapest = feasible.Min(o => o.CostPerMillionUsd);
        var tieLimit = cheapest * (1 + CostTieFraction);
        var winner = feasible.Where(o => o.CostPerMillionUsd <= tieLimit).OrderBy(o => o.PredictedP95Ms).First();
        var cheaperButFailing = Distinct(outcomes.Where(o => !o.Meets(target) && o.CostPerMillionUsd <= tieLimit)
            .OrderBy(o => o.CostPerMillionUsd).ThenBy(o => o.PredictedP95Ms)).Take(RunnersUpPerKind)
            .Select(o => new RunnerUp(o, Failure(o, target)));
        // The winner leads the de-duplication, so settings that predict exactly its run (a MaxConcurrency that never binds) drop out.
        var meetingButCostlier = Distinct(feasible.Where(o => o != winner).OrderBy(o => o.CostPerMillionUsd).ThenBy(o => o.PredictedP95Ms).Prepend(winner)).Skip(1).Take(RunnersUpPerKind)
            .Select(o => new RunnerUp(o, o.CostPerMillionUsd <= tieLimit
                ? Format($"ties on cost (${o.CostPerMillionUsd:F4} vs ${winner.CostPerMillionUsd:F4} per million) but is slower (p95 {o.PredictedP95Ms:F1} ms vs {winner.PredictedP95Ms:F1} ms)")
                : Format($"costlier: ${o.CostPerMillionUsd:F4} vs ${winner.CostPerMillionUsd:F4} per million (p95 {o.PredictedP95Ms:F1} ms)")));
        return new PlatformAdvice(platform, winner, [.. cheaperButFailing, .. meetingButCostlier], outcomes.Count, [notes]);
    }

    private static CandidateOutcome Evaluate(PlannedCandidate plan, AdviceRequest request)
    {
        var result = Simulator.Run(plan.Cluster, request.Workload, plan.ServiceTime, plan.ColdStartMs, request.Seed);
        var bill = plan.Bill(result);
        return new CandidateOutcome(plan.Config, plan.Settings, result.LatencyP95Ms, result.LatencyMedianMs, bill.PerMillionRequestsUsd,
            result.RejectedCount, result.Requests.Count, result.InstancesStarted);
    }

    /// <summary>
    /// The first of each group of candidates with the same predicted p95 and cost (to 0.1 ms and 0.01%): e.g. SageMaker
    /// MaxConcurrency values that never bind predict the same run, and one of them says all the others would.
    /// </summary>
    private static IEnumerable<CandidateOutcome> Distinct(IEnumerable<CandidateOutcome> ordered) =>
        ordered.DistinctBy(o => (Math.Round(o.PredictedP95Ms, 1), Math.Round(Math.Log(Math.Max(o.CostPerMillionUsd, 1e-12)), 4), o.Rejected));

    private static string Failure(CandidateOutcome outcome, double targetP95Ms) => outcome.Rejected > 0
        ? Format($"rejects {outcome.Rejected} of {outcome.Requests} requests (concurrency limit)")
        : Format($"too slow: p95 {outcome.PredictedP95Ms:F1} ms > {targetP95Ms:F1} ms (${outcome.CostPerMillionUsd:F4} per million)");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double Median(double[] samples) => Reporting.LatencySamples.From(samples).MedianMs;
}
