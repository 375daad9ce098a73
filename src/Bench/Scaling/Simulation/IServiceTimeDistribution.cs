namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>Draws the time one inference holds an instance's engine (ms).</summary>
public interface IServiceTimeDistribution
{
    /// <summary>The mean service time (ms), for reporting and for queueing formulas.</summary>
    double MeanMs { get; }

    double SampleMs(Random random);
}

/// <summary>Measured samples drawn uniformly with replacement, each multiplied by <paramref name="factor"/>.</summary>
public sealed class EmpiricalServiceTime(double[] samplesMs, double factor = 1) : IServiceTimeDistribution
{
    private readonly double[] samplesMs = samplesMs is { Length: > 0 } ? samplesMs : throw new ArgumentException("At least one service-time sample is needed.", nameof(samplesMs));

    public double MeanMs => samplesMs.Average() * factor;

    public double SampleMs(Random random) => samplesMs[random.Next(samplesMs.Length)] * factor;
}

/// <summary>Exponential service times (the M in M/M/c), for checking the simulator against textbook results.</summary>
public sealed class ExponentialServiceTime(double meanMs) : IServiceTimeDistribution
{
    public double MeanMs => meanMs;

    public double SampleMs(Random random) => -meanMs * Math.Log(1 - random.NextDouble());
}
