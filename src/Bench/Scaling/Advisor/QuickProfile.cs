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
/// processes is given: warm bare inferences (no HTTP, decode or encode, so a lower bound of the round trips
/// <c>scaling containers</c> samples; <c>advise --verify</c> measures round trips instead) at 1 and 2 threads, alternated so a load change on the shared machine hits both,
/// and a cold start estimated for the AOT bootstrap: a constant for process and runtime start, the engine's open (model
/// load), and one warm inference's worth for the first inference's page faults. The in-process first inference itself
/// is not used: under the JIT it includes compiling every kernel, which the AOT bootstrap never does.
/// </summary>
public static class QuickProfile
{
    // FACTS.md, Native AOT: an AOT Kestrel server answers its first request about 36 ms after spawn; rounded up to stand
    // for the bootstrap's process and runtime start, which an in-process measurement cannot see. (The default run's
    // cold-start rows put the AOT bootstrap's runtime init at about 10 ms, so this errs long.)
    private const double ProcessStartEstimateMs = 40;

    // Warm-up per engine before sampling: at least this many runs (the first fault in the arena and the mapped weights)
    // and this long, so tiered JIT has promoted the kernels' hot loops (its call-count threshold plus a 100 ms delay).
    private const int WarmupRuns = 3;
    private const double WarmupSeconds = 0.5;

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
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < WarmupRuns || warmup.Elapsed.TotalSeconds < WarmupSeconds; i++)
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

        // The AOT bootstrap's first inference took 22-36 ms against an 18 ms warm median for this model in the default
        // run's cold-start rows: about one extra warm inference for first-touch of the arena and the mapped weights.
        var coldStartMs = ProcessStartEstimateMs + openMs + LatencySamples.From(samplesOne).MedianMs;
        return new ServiceProfile(
            model,
            samplesOne,
            samplesTwo,
            Math.Round(coldStartMs, 1),
            $"in-process kernels engine ({IsaSupport.Name(one.Isa)}), bare inferences without HTTP (a lower bound of a round trip), {samplesPerCoreCount} warm samples per core count, cold start estimated",
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
