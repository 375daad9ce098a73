using System.Text.Json;
using Toolkit.Bench.Models;
using Toolkit.Bench.Reporting;
using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Profile;

/// <summary>
/// ONNX Runtime's own per-node times for the same model and input: the session is opened with ONNX Runtime's profiler
/// on, run as many times as ours, and each node's <c>_kernel_time</c> events are gathered from the trace. Our ONNX export
/// names every node <c>{value}/{OpType}</c> after the value it computes, so each ONNX Runtime node is charged to the
/// step of ours whose output is the longest prefix of its name. Nodes ONNX Runtime rewrote keep a name of that form
/// with a suffix: a fused convolution and activation is <c>{activation's value}_nchwc</c>, say.
/// </summary>
public static class OnnxRuntimeLayerProfiler
{
    /// <summary>Milliseconds per step output (median over runs), and the ONNX Runtime time no step of ours claimed.</summary>
    public static (IReadOnlyDictionary<string, double> MsByOutput, double UnmatchedMs) Run(string model, int threads, int runs, int warmupRuns, IReadOnlyCollection<string> stepOutputs)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"toolkit-ort-profile-{Environment.ProcessId}");
        string trace;
        using (var engine = ModelArtifacts.OpenOnnxRuntime(model, threads, prefix))
        {
            var inputs = ModelArtifacts.Inputs(model, engine.Inputs);
            var outputs = SeededInputs.OutputsFor(engine.Outputs);
            for (var i = 0; i < warmupRuns + runs; i++)
            {
                engine.Run(inputs, outputs);
            }

            trace = engine.EndProfiling();
        }

        try
        {
            return Charge(ReadKernelTimes(trace, warmupRuns), stepOutputs);
        }
        finally
        {
            File.Delete(trace);
        }
    }

    /// <summary>Each ONNX Runtime node's kernel times in ms, in run order, with the warm-up runs' occurrences dropped.</summary>
    private static Dictionary<string, List<double>> ReadKernelTimes(string trace, int warmupRuns)
    {
        const string Suffix = "_kernel_time";
        using var document = JsonDocument.Parse(File.ReadAllBytes(trace));
        var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var e in document.RootElement.EnumerateArray())
        {
            if (e.TryGetProperty("cat", out var category) && category.GetString() == "Node"
                && e.GetProperty("name").GetString() is { } name && name.EndsWith(Suffix, StringComparison.Ordinal))
            {
                var node = name[..^Suffix.Length];
                if (!times.TryGetValue(node, out var list))
                {
                    times[node] = list = [];
                }

                list.Add(e.GetProperty("dur").GetDouble() / 1000);
            }
        }

        foreach (var list in times.Values)
        {
            list.RemoveRange(0, Math.Min(warmupRuns, list.Count));
        }

        return times;
    }

    private static (IReadOnlyDictionary<string, double>, double) Charge(Dictionary<string, List<double>> times, IReadOnlyCollection<string> stepOutputs)
    {
        var charged = stepOutputs.ToDictionary(o => o, _ => 0.0, StringComparer.Ordinal);
        var unmatched = 0.0;
        foreach (var (node, samples) in times)
        {
            var median = samples.Count == 0 ? 0 : LatencySamples.From(samples).MedianMs;
            var owner = stepOutputs.Where(o => node == o || (node.StartsWith(o, StringComparison.Ordinal) && node[o.Length] is '/' or '_')).MaxBy(o => o.Length);
            if (owner is null)
            {
                unmatched += median;
            }
            else
            {
                charged[owner] += median;
            }
        }

        return (charged, unmatched);
    }
}
