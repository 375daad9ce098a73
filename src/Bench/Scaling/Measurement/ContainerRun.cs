using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>A configuration run for real: bursts of <see cref="BurstSize"/> requests, every request of every burst kept.</summary>
public sealed record ContainerRun(ContainerConfig Config, int BurstSize, IReadOnlyList<BurstSample> Samples)
{
    /// <summary>End-to-end latency per request, from its burst's start (dispatcher and instance queueing included).</summary>
    public LatencySamples LatencyMs => LatencySamples.From(Samples.Select(s => s.LatencyMs));

    /// <summary>The server's own inference time per request (Server-Timing), without any queueing.</summary>
    public LatencySamples InferenceMs => LatencySamples.From(Samples.Select(s => s.InferenceMs));
}
