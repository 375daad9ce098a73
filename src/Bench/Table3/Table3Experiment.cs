using System.Diagnostics;
using Toolkit.Bench.Models;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.TorchSharp;
using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Table3;

/// <summary>
/// The paper's Table 3 on this machine: warm inference latency of each model on our kernels at every ISA tier the CPU
/// has and on ONNX Runtime (tier <c>native</c>), all in one process and one run, so the AVX-512 ÷ AVX2 ratio is
/// measured side by side. libtorch (TorchSharp) runs at AVX2 and AVX-512 too, each tier in a child process (libtorch
/// fixes its ISA when it loads), at the same time in the run. Every non-ORT row is checked against ONNX Runtime's
/// output on the same input: seeded for the zoo's models, a real photograph or sentence for the pretrained ones
/// (which ONNX Runtime runs from their original files).
/// </summary>
public sealed class Table3Experiment(IReadOnlyList<string> models, IReadOnlyList<int> threadCounts, bool quick)
{
    /// <summary>
    /// A quick run skips our scalar tier where one inference would take longer than this: BERT-base at 500 tokens (94
    /// GFLOPs) takes about 30 s there, which alone would double the default run. Full runs measure every tier.
    /// </summary>
    public const double QuickScalarLimitMs = 10_000;

    /// <summary>
    /// How many times slower than ONNX Runtime our scalar tier is, to estimate its time before running it: 15–25× on the
    /// zoo's models on one thread (no vectors, no packed micro-kernel); 30 errs towards skipping.
    /// </summary>
    private const double ScalarSlowdownOverOrt = 30;

    /// <summary>The configurations that could not run here (libtorch that cannot load or would crash), with why.</summary>
    public List<Skip> Skips { get; } = [];

    public List<Table3Row> Run()
    {
        var rows = new List<Table3Row>();
        var configurations = models.Count * threadCounts.Count * (1 + IsaSupport.Available.Count + TorchSharpIsa.Available.Count);
        foreach (var model in models)
        {
            var graph = ModelArtifacts.Graph(model);
            foreach (var threads in threadCounts)
            {
                using var reference = ModelArtifacts.OpenOnnxRuntime(model, threads);
                var inputs = ModelArtifacts.Inputs(model, reference.Inputs);
                var (ortRow, expected) = Measure(model, reference, "native", threads, inputs, null);
                Report(rows, ortRow, configurations);
                foreach (var isa in IsaSupport.Available)
                {
                    var scalarEstimateMs = ortRow.MedianMs * ScalarSlowdownOverOrt;
                    if (quick && ModelArtifacts.IsImported(model) && isa is Isa.Scalar or Isa.Vector128)
                    {
                        Console.WriteLine($"  {ModelArtifacts.DisplayName(model)} kernels {IsaSupport.Name(isa)} x{threads}: skipped in quick mode (imported models are compared with ONNX Runtime at AVX2 and AVX-512); a full run measures it.");
                        continue;
                    }

                    if (quick && isa == Isa.Scalar && scalarEstimateMs > QuickScalarLimitMs)
                    {
                        Console.WriteLine($"  {model} kernels scalar x{threads}: skipped in quick mode (about {scalarEstimateMs / 1000:F0} s per inference); a full run measures it.");
                        continue;
                    }

                    using var engine = KernelsEngine.Create(graph, isa, threads);
                    var (row, _) = Measure(model, engine, IsaSupport.Name(isa), threads, inputs, expected);
                    Report(rows, row, configurations);
                }

                foreach (var tier in TorchSharpIsa.Available)
                {
                    if (ModelArtifacts.IsImported(model))
                    {
                        SkipTorchSharp(ModelArtifacts.DisplayName(model), tier, threads,
                            "the libtorch child builds its own seeded inputs and does not translate Transpose and Cast yet, so an imported model's real input cannot be checked there");
                        continue;
                    }

                    if (MeasureTorchSharp(model, graph, tier, threads, expected) is { } row)
                    {
                        Report(rows, row, configurations);
                    }
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
        var samples = Table3Sampling.Sample(() => engine.Run(inputs, outputs), firstRunMs, quick);
        var relDiff = expected is null ? (double?)null : TensorComparison.RelativeDifference(output, expected);
        return (new Table3Row(ModelArtifacts.DisplayName(model), engine.Name, isa, threads, samples.MedianMs, samples.P95Ms, samples.SamplesMs, relDiff, TensorComparison.ArgMax(output),
            MedianCi95Ms: Table3Row.IntervalOf(samples)), output);
    }

    /// <summary>One torchsharp row from a child process; null, with the reason in <see cref="Skips"/>, when libtorch could not run.</summary>
    private Table3Row? MeasureTorchSharp(string model, ModelGraph graph, string tier, int threads, float[] expected)
    {
        if (TorchSharpEngine.Problem(graph, threads) is { } problem)
        {
            SkipTorchSharp(model, tier, threads, problem);
            return null;
        }

        try
        {
            var run = TorchSharpChild.Run(ModelArtifacts.ToolkitPath(model), tier, threads, quick);
            // The matmul speed shows the ISA MKL's SGEMM really ran, which no verbose line names.
            var kernels = FormattableString.Invariant($"{run.Kernels}; matmul 1024³: {run.MatmulGflops:F0} GFLOP/s");
            Console.WriteLine($"    torchsharp {tier} kernels: {kernels}");
            return new Table3Row(ModelArtifacts.DisplayName(model), "torchsharp", tier, threads, run.Samples.MedianMs, run.Samples.P95Ms, run.Samples.SamplesMs,
                TensorComparison.RelativeDifference(run.Output, expected), TensorComparison.ArgMax(run.Output), kernels, Table3Row.IntervalOf(run.Samples));
        }
        catch (TorchSharpChildException e)
        {
            SkipTorchSharp(model, tier, threads, e.Message);
            return null;
        }
    }

    private void SkipTorchSharp(string model, string tier, int threads, string reason)
    {
        Console.Error.WriteLine($"  {model} torchsharp {tier} x{threads}: skipped: {reason}");
        Skips.Add(new Skip("table3", $"{model} torchsharp {tier} x{threads}", reason));
    }

    private static void Report(List<Table3Row> rows, Table3Row row, int total)
    {
        rows.Add(row);
        Console.WriteLine($"  [{rows.Count}/{total}] {row.Model} {row.Engine} {row.Isa} x{row.Threads}: median {row.MedianMs:F2} ms, p95 {row.P95Ms:F2} ms" +
                          (row.RelDiffVsOnnxRuntime is { } d ? $", rel diff {d:E1}" : ""));
    }
}
