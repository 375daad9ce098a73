using System.Diagnostics;
using Toolkit.Bench.Models;
using Toolkit.Bench.Reporting;
using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Table3;

/// <summary>
/// The paper's Table 3 on this machine: warm inference latency of each model on our kernels at every ISA tier the CPU
/// has and on ONNX Runtime (tier <c>native</c>), all in one process and one run, so the AVX-512 ÷ AVX2 ratio is
/// measured side by side. Every kernels row is checked against ONNX Runtime's output on the same seeded input.
/// </summary>
public sealed class Table3Experiment(IReadOnlyList<string> models, IReadOnlyList<int> threadCounts, bool quick)
{
    public List<Table3Row> Run()
    {
        var rows = new List<Table3Row>();
        var configurations = models.Count * threadCounts.Count * (1 + IsaSupport.Available.Count);
        foreach (var model in models)
        {
            var graph = ModelArtifacts.Graph(model);
            var onnxPath = ModelArtifacts.OnnxPath(model);
            foreach (var threads in threadCounts)
            {
                using var reference = OnnxRuntimeEngine.Open(onnxPath, threads);
                var inputs = SeededInputs.For(reference.Inputs);
                var (ortRow, expected) = Measure(model, reference, "native", threads, inputs, null);
                Report(rows, ortRow, configurations);
                foreach (var isa in IsaSupport.Available)
                {
                    using var engine = KernelsEngine.Create(graph, isa, threads);
                    var (row, _) = Measure(model, engine, IsaSupport.Name(isa), threads, inputs, expected);
                    Report(rows, row, configurations);
                }
            }
        }

        return rows;
    }

    private (Table3Row Row, float[] Output) Measure(string model, IInferenceEngine engine, string isa, int threads, Tensor[] inputs, float[]? expected)
    {
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        var first = Stopwatch.GetTimestamp();
        engine.Run(inputs, outputs);
        var firstRunMs = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
        var output = outputs[0].AsSpan<float>().ToArray();
        var samples = Sample(() => engine.Run(inputs, outputs), firstRunMs);
        var relDiff = expected is null ? (double?)null : TensorComparison.RelativeDifference(output, expected);
        return (new Table3Row(model, engine.Name, isa, threads, samples.MedianMs, samples.P95Ms, samples.SamplesMs, relDiff, TensorComparison.ArgMax(output)), output);
    }

    /// <summary>
    /// A quick run times each configuration for at least 1 s and 10 samples (at most 50), a full one for 4 s and 30
    /// (at most 300), after a warm-up. A configuration too slow for that many samples in twice that time (the scalar
    /// tier of InceptionV3 and YOLOv5s takes seconds per inference) gets as many as fit, at least one (quick) or three
    /// (full), and its first run, already done, is its warm-up: the default run's Table 3 of every model stays within
    /// a few minutes.
    /// </summary>
    private LatencySamples Sample(Action run, double firstRunMs)
    {
        var (minSeconds, fewest, most, warmup) = quick ? (1.0, 10, 50, 1) : (4.0, 30, 300, 3);
        var affordable = (int)Math.Min(2_000 * minSeconds / Math.Max(firstRunMs, 1e-3), most);
        if (affordable >= fewest)
        {
            return LatencySamples.Measure(run, warmup, fewest, most, minSeconds);
        }

        var count = Math.Max(affordable, quick ? 1 : 3);
        return LatencySamples.Measure(run, warmup: 0, count, count, minSeconds: 0);
    }

    private static void Report(List<Table3Row> rows, Table3Row row, int total)
    {
        rows.Add(row);
        Console.WriteLine($"  [{rows.Count}/{total}] {row.Model} {row.Engine} {row.Isa} x{row.Threads}: median {row.MedianMs:F2} ms, p95 {row.P95Ms:F2} ms" +
                          (row.RelDiffVsOnnxRuntime is { } d ? $", rel diff {d:E1}" : ""));
    }
}
