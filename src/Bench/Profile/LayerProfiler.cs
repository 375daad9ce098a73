using System.Diagnostics;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Kernels;
using Toolkit.Bench.Models;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Profile;

/// <summary>
/// Times every step of our engine's plan for a zoo model: the graph is optimized as the engine does it, warmed up, then
/// run <c>runs</c> times with each step timed. Summing per-step clocks adds a few microseconds per step to the whole
/// inference, which is why the table also prints the summed medians against an untimed run's median.
/// </summary>
public static class LayerProfiler
{
    /// <summary>Untimed inferences before the timed ones: the first touches the arena's pages and the weights.</summary>
    private const int WarmupRuns = 2;

    /// <summary>Profiles <paramref name="model"/>'s shipped form (the file table3 runs); with
    /// <paramref name="compareOnnxRuntime"/>, ONNX Runtime's per-node times on the same model and input join each row.</summary>
    public static LayerProfile Run(string model, Isa isa, int threads, int runs, bool compareOnnxRuntime, bool cpuClock)
    {
        using var cpu = CpuContext.Create(isa, threads);
        var graph = GraphOptimizer.Optimize(ModelFile.Map(ModelArtifacts.ToolkitPath(model), cpu.Isa));
        var macs = ShapeInference.MultiplyAccumulatesByNode(graph);
        var shapes = ShapeInference.Infer(graph);
        using var plan = ExecutionPlan.Create(graph, cpu);
        var inputs = ModelArtifacts.Inputs(model, plan.Inputs);
        var outputs = SeededInputs.OutputsFor(plan.Outputs);
        for (var i = 0; i < WarmupRuns; i++)
        {
            plan.Run(inputs, outputs);
        }

        Func<double> clock = cpuClock ? ThreadClock.NowSeconds : () => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        var untimed = new double[runs];
        var seconds = new double[runs, plan.StepNodes.Count];
        var row = new double[plan.StepNodes.Count];
        for (var r = 0; r < runs; r++)
        {
            var start = clock();
            plan.Run(inputs, outputs);
            untimed[r] = (clock() - start) * 1000;
            plan.Run(inputs, outputs, row, clock);
            for (var s = 0; s < row.Length; s++)
            {
                seconds[r, s] = row[s];
            }
        }

        var steps = plan.StepNodes.Select((node, s) => (node, stats: PhaseStats.Of(Enumerable.Range(0, runs).Select(r => seconds[r, s] * 1000)))).ToList();
        var total = steps.Sum(s => s.stats.Median);
        var (onnxRuntime, unmatchedMs) = compareOnnxRuntime
            ? OnnxRuntimeLayerProfiler.Run(model, threads, runs, WarmupRuns, [.. plan.StepNodes.Select(n => n.Output)])
            : (null, 0);
        var isaName = IsaSupport.Name(cpu.Isa);
        var rows = steps.Select((s, index) =>
        {
            var gflops = 2.0 * macs[s.node.Output] / 1e9;
            double? rate = gflops > 0 && s.stats.Median > 0 ? Math.Round(gflops / (s.stats.Median / 1000), 1) : null;
            double? onnxRuntimeMs = onnxRuntime is null ? null : Math.Round(onnxRuntime[s.node.Output], 3);
            return new LayerRow(graph.Name, isaName, threads, index, s.node.Name, s.node.Output, s.node.OpType, [.. shapes[s.node.Output]], s.stats,
                Math.Round(s.stats.Median / total, 4), Math.Round(gflops, 4), rate, onnxRuntimeMs);
        }).ToList();
        return new LayerProfile(rows, PhaseStats.Of(untimed), compareOnnxRuntime ? unmatchedMs : null);
    }
}

/// <summary>
/// The steps of one profiled plan, the median and p95 of an untimed inference beside them, and (when compared) the ONNX
/// Runtime milliseconds no step claimed.
/// </summary>
public sealed record LayerProfile(IReadOnlyList<LayerRow> Layers, PhaseStats Inference, double? OnnxRuntimeUnmatchedMs);
