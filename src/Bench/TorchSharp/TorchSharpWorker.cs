using System.Diagnostics;
using System.Text.Json;
using Toolkit.Bench.Table3;
using Toolkit.Bench.TorchSharp.Internal;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.TorchSharp;

/// <summary>
/// The child side of a torchsharp measurement (Bench's hidden <c>torchsharp-worker</c> command), run in a process whose
/// environment already holds libtorch to one ISA tier: it loads the model, runs one inference with oneDNN's and MKL's
/// verbose output on (the kernel record), times the warm runs with the table3 policy, writes the first output's raw
/// float32 bytes to a file, times libtorch's matmul (see <see cref="MatmulProbe"/>) and prints one result line, <see cref="ResultPrefix"/> and JSON.
/// </summary>
public static class TorchSharpWorker
{
    public const string CommandName = "torchsharp-worker";

    /// <summary>Marks the result among the verbose lines libtorch prints to the same stdout.</summary>
    public const string ResultPrefix = "TORCHSHARP_RESULT ";

    public static int Run(string modelFile, int threads, bool quick, string outputFile)
    {
        using var engine = TorchSharpEngine.Create(ModelFile.Read(modelFile), threads);
        var inputs = SeededInputs.For(engine.Inputs);
        var outputs = SeededInputs.OutputsFor(engine.Outputs);

        // The first run is the kernel record: it also JIT-compiles oneDNN's kernels and prints, so a second run,
        // quiet and warm, is the one whose time sizes the sampling, as the in-process engines' first run does.
        var start = Stopwatch.GetTimestamp();
        var verbose = TorchSharpVerbose.Set(on: true);
        engine.Run(inputs, outputs);
        if (verbose)
        {
            TorchSharpVerbose.Set(on: false);
        }

        var firstRunMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        start = Stopwatch.GetTimestamp();
        engine.Run(inputs, outputs);
        var warmRunMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        File.WriteAllBytes(outputFile, outputs[0].Data);
        var samples = Table3Sampling.Sample(() => engine.Run(inputs, outputs), warmRunMs, quick);
        var result = new TorchSharpWorkerResult(firstRunMs, samples.SamplesMs, verbose, Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY"), MatmulProbe.Gflops());
        Console.Out.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        Console.Out.Flush();
        return 0;
    }
}
