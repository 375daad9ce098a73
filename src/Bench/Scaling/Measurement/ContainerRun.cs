using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>A configuration run for real: bursts of <see cref="BurstSize"/> requests, every request of every burst kept.</summary>
public sealed record ContainerRun(ContainerConfig Config, int BurstSize, int Bursts, IReadOnlyList<BurstSample> Samples)
{
    /// <summary>End-to-end latency per request, from its burst's start (dispatcher and instance queueing included).</summary>
    public LatencySamples LatencyMs => LatencySamples.From(Samples.Select(s => s.LatencyMs));

    /// <summary>
    /// The server's <c>infer</c> entry per request (Server-Timing). It includes waiting for the engine lock, so past
    /// concurrency 1 it shows the queueing inside an instance that packing requests causes.
    /// </summary>
    public LatencySamples InferenceMs => LatencySamples.From(Samples.Select(s => s.InferenceMs));

    /// <summary>
    /// The instance time each request took inside the bursts: busy time (<see cref="BusyIntervalsMs"/>) over requests.
    /// Set beside the service times sampled before the bursts, it shows whether a prediction error comes from the
    /// service times fed to the simulation or from its queueing.
    /// </summary>
    public double BusyMsPerRequest => BusyIntervalsMs().Sum() / Math.Max(1, Samples.Count);

    /// <summary>
    /// The dispatcher's own turnaround: it sends a queued request only after the previous answer reached it, so on a
    /// concurrency-1 instance consecutive requests are a fraction of a millisecond apart where the simulated instance
    /// starts the next one at once. Without this allowance every request would be billed as its own 100 ms.
    /// </summary>
    public const double BackToBackMs = 2;

    /// <summary>
    /// What Cloud Run's request-based billing counts: per instance and burst, each stretch during which it had at least
    /// one request in flight (admitted by the dispatcher until answered), concurrent requests sharing it. A request
    /// dispatched within <see cref="BackToBackMs"/> of the previous answer continues the stretch, as in the simulation.
    /// </summary>
    public double[] BusyIntervalsMs()
    {
        var intervals = new List<double>();
        foreach (var burst in Samples.Chunk(BurstSize))
        {
            foreach (var instance in burst.GroupBy(s => s.Instance))
            {
                double start = double.NaN, end = double.NaN;
                foreach (var request in instance.OrderBy(s => s.DispatchWaitMs))
                {
                    if (double.IsNaN(start) || request.DispatchWaitMs > end + BackToBackMs)
                    {
                        if (!double.IsNaN(start))
                        {
                            intervals.Add(end - start);
                        }

                        start = request.DispatchWaitMs;
                        end = request.LatencyMs;
                    }
                    else
                    {
                        end = Math.Max(end, request.LatencyMs);
                    }
                }

                intervals.Add(end - start);
            }
        }

        return [.. intervals];
    }
}
