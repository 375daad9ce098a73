namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>Measured samples drawn uniformly with replacement, each multiplied by <paramref name="factor"/>.</summary>
public sealed class EmpiricalServiceTime(double[] samplesMs, double factor = 1) : IServiceTimeDistribution
{
    private readonly double[] samplesMs = samplesMs is { Length: > 0 } ? samplesMs : throw new ArgumentException("At least one service-time sample is needed.", nameof(samplesMs));

    public double MeanMs => samplesMs.Average() * factor;

    public double SampleMs(Random random) => samplesMs[random.Next(samplesMs.Length)] * factor;
}
