namespace Toolkit.Bench.Scaling.Simulation.Internal;

/// <summary>One simulated instance: its admitted requests waiting for the engine (FIFO) and its billing bookkeeping.</summary>
internal sealed class InstanceState(int index)
{
    public int Index { get; } = index;

    public bool Started { get; set; }

    public bool Ready { get; set; }

    public bool EngineBusy { get; set; }

    /// <summary>Admitted requests not yet finished, including the one on the engine.</summary>
    public int InFlight { get; set; }

    public Queue<int> EngineQueue { get; } = new();

    public double StartedAtMs { get; set; } = double.NaN;

    public double LastEndMs { get; set; }

    /// <summary>Start of the current billable interval, or NaN when none is open.</summary>
    public double BusySinceMs { get; set; } = double.NaN;

    /// <summary>
    /// When the instance last went idle, or NaN while busy. The interval is closed only when the next request comes
    /// later than this, so a request admitted the instant another finishes continues the same billable interval.
    /// </summary>
    public double IdleSinceMs { get; set; } = double.NaN;
}
