using System.Diagnostics;
using Toolkit.Bench.Scaling.Measurement.Internal;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// The small load balancer in front of the instances, as a serverless container service puts one there: a burst
/// arrives at once, each request waits (first come, first served) for a free slot of some instance's concurrency
/// limit, and goes to the instance with the fewest requests in flight, the lowest index among equals. Requests an
/// instance admits beyond its cores queue inside it (the bootstrap runs one inference at a time).
/// </summary>
public sealed class BurstDispatcher
{
    private readonly IReadOnlyList<ScalingInstance> instances;
    private readonly int concurrency;

    /// <exception cref="ArgumentException">No instance, or a concurrency below one.</exception>
    public BurstDispatcher(IReadOnlyList<ScalingInstance> instances, int concurrency)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (instances.Count == 0 || concurrency < 1)
        {
            throw new ArgumentException($"A dispatcher needs at least one instance and a concurrency of at least 1; received {instances.Count} instance(s), concurrency {concurrency}.");
        }

        this.instances = instances;
        this.concurrency = concurrency;
    }

    /// <summary>Sends <paramref name="requests"/> requests at once and returns them in request order.</summary>
    public async Task<BurstSample[]> SendBurstAsync(int requests, CancellationToken cancellationToken)
    {
        using var slots = new LeastLoadedSlots(instances.Count, concurrency);
        var burstStart = Stopwatch.GetTimestamp();

        async Task<BurstSample> SendOneAsync(int request)
        {
            var chosen = await slots.AcquireAsync(cancellationToken).ConfigureAwait(false);
            var waitedMs = Stopwatch.GetElapsedTime(burstStart).TotalMilliseconds;
            try
            {
                var sample = await instances[chosen].SendAsync(cancellationToken).ConfigureAwait(false);
                return new BurstSample(request, chosen, waitedMs, Stopwatch.GetElapsedTime(burstStart).TotalMilliseconds, sample.InferenceMs, sample.Error);
            }
            finally
            {
                slots.Release(chosen);
            }
        }

        // Started in order, so the semaphore's queue of waiters is in request order.
        var sends = new Task<BurstSample>[requests];
        for (var i = 0; i < requests; i++)
        {
            sends[i] = SendOneAsync(i);
        }

        return await Task.WhenAll(sends).ConfigureAwait(false);
    }
}
