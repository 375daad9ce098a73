namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>A contiguous time an instance was billable under request-based billing: starting, or with a request in flight.</summary>
public readonly record struct BusyInterval(int Instance, double StartMs, double EndMs)
{
    public double DurationMs => EndMs - StartMs;
}
