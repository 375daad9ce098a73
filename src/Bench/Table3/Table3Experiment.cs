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
        engine.Run(inputs, outputs);
        var output = outputs[0].AsSpan<float>().ToArray();
        // Scalar MobileNetV1 takes about half a second per inference; a handful of samples is enough for its median.
        var slow = isa == IsaSupport.Name(Isa.Scalar);
        var samples = quick
            ? LatencySamples.Measure(() => engine.Run(inputs, outputs), warmup: 1, minSamples: slow ? 3 : 10, maxSamples: slow ? 3 : 50, minSeconds: slow ? 0 : 1)
            : LatencySamples.Measure(() => engine.Run(inputs, outputs), warmup: 3, minSamples: slow ? 5 : 30, maxSamples: slow ? 10 : 300, minSeconds: slow ? 0 : 5);
        var relDiff = expected is null ? (double?)null : TensorComparison.RelativeDifference(output, expected);
        return (new Table3Row(model, engine.Name, isa, threads, samples.MedianMs, samples.P95Ms, samples.SamplesMs, relDiff, TensorComparison.ArgMax(output)), output);
    }

    private static void Report(List<Table3Row> rows, Table3Row row, int total)
    {
        rows.Add(row);
        Console.WriteLine($"  [{rows.Count}/{total}] {row.Model} {row.Engine} {row.Isa} x{row.Threads}: median {row.MedianMs:F2} ms, p95 {row.P95Ms:F2} ms" +
                          (row.RelDiffVsOnnxRuntime is { } d ? $", rel diff {d:E1}" : ""));
    }
}
