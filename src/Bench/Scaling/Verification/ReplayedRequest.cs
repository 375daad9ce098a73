namespace Toolkit.Bench.Scaling.Verification;

/// <summary>
/// One replayed request: the instance that served it, its latency from its arrival time (waiting for a slot
/// included) and its service time, the round trip from sending it to its answer (what it held the instance for).
/// </summary>
public readonly record struct ReplayedRequest(int Instance, double LatencyMs, double ServiceMs);
