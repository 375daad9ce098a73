using System.Diagnostics;
using Toolkit.Bench.Models;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Simulation;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>
/// A service profile measured in this process with our kernels engine, for when no profile file from real bootstrap
/// processes is given: warm inference at 1 and 2 threads, alternated so a load change on the shared machine hits both,
/// and a cold start estimated as the engine's open plus its first inference's excess over a warm one plus a constant for
/// process and runtime start.
/// </summary>
public static class QuickProfile
{
    // FACTS.md, Native AOT: an AOT Kestrel server answers its first request about 36 ms after spawn; rounded up to stand
    // for the bootstrap's process and runtime start, which an in-process measurement cannot see.
    private const double ProcessStartEstimateMs = 40;

    // Warm-up runs per engine before sampling: the first runs fault in the arena and the mapped weights.
    private const int WarmupRuns = 3;

    public static ServiceProfile Measure(string model, int samplesPerCoreCount = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerCoreCount, 1);
        var path = ModelArtifacts.ToolkitPath(model);
        var open = Stopwatch.StartNew();
        using var one = KernelsEngine.Open(path, Isa.Best, threads: 1);
        var openMs = open.Elapsed.TotalMilliseconds;
        using var two = KernelsEngine.Open(path, Isa.Best, threads: 2);
        var inputs = SeededInputs.For(one.Inputs);
        var outputsOne = SeededInputs.OutputsFor(one.Outputs);
        var outputsTwo = SeededInputs.OutputsFor(two.Outputs);
        var firstMs = Time(() => one.Run(inputs, outputsOne));
        for (var i = 0; i < WarmupRuns; i++)
        {
            one.Run(inputs, outputsOne);
            two.Run(inputs, outputsTwo);
        }

        var samplesOne = new double[samplesPerCoreCount];
        var samplesTwo = new double[samplesPerCoreCount];
        for (var i = 0; i < samplesPerCoreCount; i++)
        {
            samplesOne[i] = Time(() => one.Run(inputs, outputsOne));
            samplesTwo[i] = Time(() => two.Run(inputs, outputsTwo));
        }

        var warmMedianMs = LatencySamples.From(samplesOne).MedianMs;
        var coldStartMs = ProcessStartEstimateMs + openMs + Math.Max(0, firstMs - warmMedianMs);
        return new ServiceProfile(
            model,
            samplesOne,
            samplesTwo,
            Math.Round(coldStartMs, 1),
            $"in-process kernels engine ({IsaSupport.Name(one.Isa)}), {samplesPerCoreCount} warm samples per core count, cold start estimated",
            RequestBytes: one.Inputs.Sum(s => s.ByteCount),
            ResponseBytes: one.Outputs.Sum(s => s.ByteCount));
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
