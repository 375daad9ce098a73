namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>Draws the time one inference holds an instance's engine (ms).</summary>
public interface IServiceTimeDistribution
{
    /// <summary>The mean service time (ms), for reporting and for queueing formulas.</summary>
    double MeanMs { get; }

    double SampleMs(Random random);
}
