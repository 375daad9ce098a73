using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// One Lambda memory size measured here: the vCPU share Lambda gives it, the quota this machine could give (capped at
/// its cores), the inference threads, one cold start (spawn to first response) and warm requests: the bootstrap's own
/// inference time and its whole handling of the request (decode + inference + encode, both from Server-Timing; the
/// latter is what Lambda would bill) and the client's end-to-end latency; and what enforced the quota
/// (<see cref="CpuLimitGroup.QuotaMechanism"/>).
/// </summary>
public sealed record FaasPoint(
    int MemoryMb,
    double VcpuShare,
    double QuotaCores,
    int Threads,
    double ColdStartMs,
    LatencySamples InferenceMs,
    LatencySamples HandlerMs,
    LatencySamples EndToEndMs,
    string? QuotaMechanism = null)
{
    /// <summary>True when this machine had fewer cores than Lambda would give, so the point is capped.</summary>
    public bool Capped => QuotaCores < VcpuShare - 1e-9;
}
