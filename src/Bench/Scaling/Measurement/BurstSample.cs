namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// One request of a burst: which instance served it, how long it waited for a free concurrency slot at the dispatcher,
/// its end-to-end latency from the burst's start (waiting included) and the inference time the server reported.
/// </summary>
public sealed record BurstSample(int Request, int Instance, double DispatchWaitMs, double LatencyMs, double InferenceMs, string? Error = null)
{
    public bool Failed => Error is not null;
}
