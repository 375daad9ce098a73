using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>The outcome of one simulated run: every request's path, and the instance time a platform would bill.</summary>
public sealed class SimulationResult(ClusterConfig config, ArrivalPattern arrivals, SimulatedRequest[] requests, BusyInterval[] busyIntervals, double[] instanceLifetimesMs)
{
    private readonly Lazy<LatencySamples?> latencies = new(() =>
        requests.Any(r => !r.Rejected) ? LatencySamples.From(requests.Where(r => !r.Rejected).Select(r => r.LatencyMs)) : null);

    public ClusterConfig Config => config;

    public ArrivalPattern Arrivals => arrivals;

    /// <summary>Every request, in arrival order.</summary>
    public IReadOnlyList<SimulatedRequest> Requests => requests;

    /// <summary>Per instance, each contiguous time it was starting or had a request in flight (request-based billing).</summary>
    public IReadOnlyList<BusyInterval> BusyIntervals => busyIntervals;

    /// <summary>Per started instance, from its start to its last response (instance-based billing, ignoring idle time before scale-in).</summary>
    public IReadOnlyList<double> InstanceLifetimesMs => instanceLifetimesMs;

    public int InstancesStarted => instanceLifetimesMs.Length;

    public int RejectedCount => requests.Count(r => r.Rejected);

    public int CompletedCount => requests.Length - RejectedCount;

    /// <summary>Median end-to-end latency of completed requests (ms); NaN when none completed.</summary>
    public double LatencyMedianMs => latencies.Value?.MedianMs ?? double.NaN;

    /// <summary>95th-percentile (nearest rank) end-to-end latency of completed requests (ms); NaN when none completed.</summary>
    public double LatencyP95Ms => latencies.Value?.P95Ms ?? double.NaN;

    public double LatencyPercentileMs(double fraction) => latencies.Value?.Percentile(fraction) ?? double.NaN;

    /// <summary>Mean time from arrival to the start of inference over completed requests (ms).</summary>
    public double MeanWaitMs => requests.Where(r => !r.Rejected).Select(r => r.WaitMs).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Time of the last response (ms).</summary>
    public double MakespanMs => requests.Where(r => !r.Rejected).Select(r => r.EndMs).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Per completed request, the time it held the engine, plus (when <paramref name="includeColdStart"/>) the start-up
    /// it triggered: FaaS billed durations (Lambda bills a custom runtime's init; SageMaker Serverless is modelled without).
    /// </summary>
    public double[] ServiceDurationsMs(bool includeColdStart) =>
        [.. requests.Where(r => !r.Rejected).Select(r => r.ServiceMs + (includeColdStart ? r.ColdStartMs : 0))];

    public double[] BusyIntervalsMs => [.. busyIntervals.Select(b => b.DurationMs)];
}
