using System.Diagnostics;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Measurement.Internal;

namespace Toolkit.Bench.Scaling.Verification;

/// <summary>
/// Replays arrival times (ms from the start, as the advisor simulated them) open-loop against warm instances: each
/// request is sent at its time whether or not earlier ones have finished, waits first come, first served for a free
/// concurrency slot, and goes to the started instance with the fewest requests in flight (the lowest index among
/// equals, so the first instances fill first, as the platforms reuse warm environments). Latency runs from the
/// request's arrival time to its answer, so waiting for a slot counts, as in the simulation; its service time from
/// sending it to its answer.
/// </summary>
public sealed class ArrivalReplay(IReadOnlyList<ScalingInstance> instances, int concurrency)
{
    /// <summary>Sends a request at each of <paramref name="arrivalTimesMs"/> and returns them in arrival order.</summary>
    /// <exception cref="InvalidOperationException">A request failed.</exception>
    public async Task<ReplayedRequest[]> RunAsync(IReadOnlyList<double> arrivalTimesMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arrivalTimesMs);
        using var slots = new LeastLoadedSlots(instances.Count, concurrency);
        var start = Stopwatch.GetTimestamp();

        async Task<ReplayedRequest> SendOneAsync(double arrivalMs)
        {
            var chosen = await slots.AcquireAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var sample = await instances[chosen].SendAsync(cancellationToken).ConfigureAwait(false);
                return sample.Failed
                    ? throw new InvalidOperationException($"A replayed request to instance {chosen} failed: {sample.Error}")
                    : new ReplayedRequest(chosen, Stopwatch.GetElapsedTime(start).TotalMilliseconds - arrivalMs, sample.EndToEndMs);
            }
            finally
            {
                slots.Release(chosen);
            }
        }

        var sends = new List<Task<ReplayedRequest>>(arrivalTimesMs.Count);
        foreach (var arrivalMs in arrivalTimesMs)
        {
            var waitMs = arrivalMs - Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (waitMs > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs), cancellationToken).ConfigureAwait(false);
            }

            // Started in arrival order, so the semaphore's queue of waiters is in arrival order.
            sends.Add(SendOneAsync(arrivalMs));
        }

        return await Task.WhenAll(sends).ConfigureAwait(false);
    }
}
