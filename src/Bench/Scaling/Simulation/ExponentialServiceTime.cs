namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>Exponential service times (the M in M/M/c), for checking the simulator against textbook results.</summary>
public sealed class ExponentialServiceTime(double meanMs) : IServiceTimeDistribution
{
    public double MeanMs => meanMs;

    public double SampleMs(Random random) => -meanMs * Math.Log(1 - random.NextDouble());
}
