namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>
/// One request's path through the simulated fleet (times in ms from the start). A rejected request has
/// <see cref="Instance"/> −1 and NaN times after its arrival. <see cref="ColdStartMs"/> is the start-up this request
/// triggered (non-zero only for an instance's first request).
/// </summary>
public readonly record struct SimulatedRequest(
    double ArrivalMs,
    double AdmittedMs,
    double ServiceStartMs,
    double EndMs,
    int Instance,
    double ServiceMs,
    double ColdStartMs)
{
    public bool Rejected => Instance < 0;

    public double LatencyMs => EndMs - ArrivalMs;

    /// <summary>Time from arrival to the start of its inference (dispatcher queue + cold start + engine queue).</summary>
    public double WaitMs => ServiceStartMs - ArrivalMs;
}
