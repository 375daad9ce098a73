using System.CommandLine;
using Toolkit.Bench.Profile;
using Toolkit.Bench.Reporting;
using Toolkit.Kernels;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>profile --model NAME [--isa TIER] [--threads N] [--runs N] [--top N] [--json PATH]</c>: where one inference of our
/// engine spends its time, layer by layer and per operation type, with the GFLOP/s each layer reaches.
/// </summary>
public static class ProfileCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"Zoo model ({string.Join(", ", ModelZoo.Names)}), pretrained ({string.Join(", ", Pretrained.PretrainedModels.Names)}) or an .onnx path.", DefaultValueFactory = _ => MobileNetV1.Name };
        var isa = new Option<string>("--isa") { Description = "ISA tier (scalar, vector128, avx2, avx512, best).", DefaultValueFactory = _ => "best" };
        var threads = new Option<int>("--threads") { Description = "Threads of the engine.", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Timed inferences; each layer's median and p95 are over these.", DefaultValueFactory = _ => 10 };
        var top = new Option<int>("--top") { Description = "Layers to list, slowest first (the JSON has all).", DefaultValueFactory = _ => 20 };
        var compare = new Option<bool>("--compare") { Description = "Also time ONNX Runtime's nodes on the same model and input (its profiler), per layer and per operation type." };
        var clock = new Option<string>("--clock")
        {
            Description = "wall, or cpu: the thread's CPU time, so other tenants of a shared machine do not count (one thread only; ONNX Runtime's profiler stays on the wall clock).",
            DefaultValueFactory = _ => "wall",
        };
        clock.AcceptOnlyFromAmong("wall", "cpu");
        var json = new Option<string?>("--json") { Description = "Write every layer into section 'profile' of this results file." };
        var command = new Command("profile", "Per-layer time of one inference on our engine, slowest layers and each operation type's share.") { model, isa, threads, runs, top, compare, clock, json };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(isa)!, parse.GetValue(threads), parse.GetValue(runs), parse.GetValue(top), parse.GetValue(compare), parse.GetValue(clock) == "cpu", parse.GetValue(json)));
        return command;
    }

    public static int Run(string model, string isaName, int threads, int runs, int top, bool compare, bool cpuClock, string? jsonPath)
    {
        if (!ModelZoo.Names.Contains(model, StringComparer.OrdinalIgnoreCase) && !Models.ModelArtifacts.IsImported(model))
        {
            Console.Error.WriteLine($"profile: --model must be one of {string.Join(", ", ModelZoo.Names.Concat(Pretrained.PretrainedModels.Names))} or an .onnx path; received '{model}'.");
            return 2;
        }

        if (cpuClock && threads != 1)
        {
            Console.Error.WriteLine($"profile: --clock cpu times the calling thread, so it needs --threads 1; received {threads}.");
            return 2;
        }

        if (threads < 1 || runs < 1 || top < 1)
        {
            Console.Error.WriteLine($"profile: --threads, --runs and --top must be at least 1; received {threads}, {runs} and {top}.");
            return 2;
        }

        Isa isa;
        try
        {
            isa = IsaSupport.Parse(isaName);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"profile: {e.Message}");
            return 2;
        }

        var profile = LayerProfiler.Run(model, isa, threads, runs, compare, cpuClock);
        var layers = profile.Layers;
        var summed = layers.Sum(l => l.Ms.Median);
        Console.WriteLine($"{model} on {layers[0].Isa} x{threads}, {(cpuClock ? "thread CPU time" : "wall clock")}: {layers.Count} steps, summed step medians {summed:F2} ms; " +
            $"an untimed inference: median {profile.Inference.Median:F2} ms, p95 {profile.Inference.P95:F2} ms ({runs} runs).");
        if (compare)
        {
            var onnxRuntime = layers.Sum(l => l.OnnxRuntimeMs ?? 0) + (profile.OnnxRuntimeUnmatchedMs ?? 0);
            Console.WriteLine($"ONNX Runtime, same model and input: summed node medians {onnxRuntime:F2} ms " +
                $"({profile.OnnxRuntimeUnmatchedMs:F2} ms in nodes no step of ours matches); ours ÷ ONNX Runtime {summed / onnxRuntime:F2}.");
        }

        var slowest = new TextTable("step", "node", "op", "output_shape", "median_ms", "p95_ms", "share", "gflop_per_s", "ort_ms", "ours_vs_ort");
        foreach (var layer in layers.OrderByDescending(l => l.Ms.Median).Take(top))
        {
            slowest.Add(layer.Step, layer.Node, layer.Op, string.Join('x', layer.OutputShape), layer.Ms.Median, layer.Ms.P95, layer.Share, layer.GflopPerS,
                layer.OnnxRuntimeMs, Ratio(layer.Ms.Median, layer.OnnxRuntimeMs));
        }

        slowest.Print();
        Console.WriteLine();
        var byOp = new TextTable("op", "steps", "median_ms", "share", "gflop_per_s", "ort_ms", "ours_vs_ort");
        foreach (var group in layers.GroupBy(l => l.Op).OrderByDescending(g => g.Sum(l => l.Ms.Median)))
        {
            var ms = group.Sum(l => l.Ms.Median);
            var gflops = group.Sum(l => l.Gflops);
            double? ortMs = compare ? group.Sum(l => l.OnnxRuntimeMs ?? 0) : null;
            byOp.Add(group.Key, group.Count(), ms, ms / summed, gflops > 0 ? gflops / (ms / 1000) : null, ortMs, Ratio(ms, ortMs));
        }

        byOp.Print();
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "profile", layers);
        }

        return 0;
    }

    private static double? Ratio(double ours, double? onnxRuntime) => onnxRuntime > 0 ? ours / onnxRuntime : null;
}
