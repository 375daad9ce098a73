namespace Toolkit.Bench.Scaling.Measurement.Internal;

/// <summary>
/// The front end's rule, shared by the burst dispatcher and the arrival replay: a request waits, first come, first
/// served, for one of instances × concurrency slots, then goes to the instance with the fewest requests in flight, the
/// lowest index among equals (so the first instances fill first, as the platforms reuse warm environments).
/// </summary>
internal sealed class LeastLoadedSlots(int instances, int concurrency) : IDisposable
{
    private readonly SemaphoreSlim slots = new(instances * concurrency);
    private readonly int[] inFlight = new int[instances];
    private readonly Lock gate = new();

    /// <summary>Waits for a free slot and returns the chosen instance's index; every call is paired with <see cref="Release"/>.</summary>
    public async Task<int> AcquireAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            var chosen = Array.IndexOf(inFlight, inFlight.Min());
            inFlight[chosen]++;
            return chosen;
        }
    }

    public void Release(int instance)
    {
        lock (gate)
        {
            inFlight[instance]--;
        }

        slots.Release();
    }

    public void Dispose() => slots.Dispose();
}
