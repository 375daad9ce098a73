using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;

namespace Toolkit.Bench.Micro.ColdStart;

/// <summary>
/// The model_load phase of MobileNetV1 in isolation, each benchmark the first load in a fresh process (<see cref="ColdStartJob"/>):
/// our format mapped (packed GEMM weights used where they lie) against parsed and copied into arrays, both to a
/// runnable engine; ONNX Runtime session creation from the exported <c>.onnx</c> (all graph optimizations at load)
/// against a model it optimized and saved before (<see cref="SessionOptions.OptimizedModelFilePath"/>), loaded with
/// optimizations off, in ONNX and in ONNX Runtime's own <c>.ort</c> format. Run with
/// <c>micro --filter '*ColdStart*'</c>.
/// </summary>
[Config(typeof(ColdStartJob))]
[BenchmarkCategory(Categories.ColdStart)]
public class Perf_ColdStartModelLoad
{
    private string toolkitPath = "";
    private string onnxPath = "";
    private string optimizedOnnxPath = "";
    private string ortPath = "";
    // Typed object, not IDisposable: BenchmarkDotNet derives from benchmark classes, so they stay unsealed and
    // cannot own disposable fields without the full dispose pattern; each iteration's cleanup disposes it.
    private object? loaded;

    /// <summary>
    /// Finds (or writes, once, in the first process) the artifacts. Writing the optimized forms starts ONNX Runtime,
    /// so only the first process's ONNX Runtime numbers include no library load; the median is over five.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        toolkitPath = ColdStartJob.PathFrom(ColdStartJob.ToolkitModelVariable);
        onnxPath = ColdStartJob.PathFrom(ColdStartJob.OnnxModelVariable);
        var directory = Path.Combine(Path.GetDirectoryName(onnxPath)!, "optimized");
        Directory.CreateDirectory(directory);
        optimizedOnnxPath = Path.Combine(directory, Path.GetFileName(onnxPath));
        ortPath = Path.Combine(directory, Path.ChangeExtension(Path.GetFileName(onnxPath), ".ort"));
        foreach (var target in new[] { optimizedOnnxPath, ortPath }.Where(p => !File.Exists(p)))
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = target };
            using var session = new InferenceSession(onnxPath, options);
        }
    }

    [IterationCleanup]
    public void Cleanup()
    {
        (loaded as IDisposable)?.Dispose();
        loaded = null;
    }

    [Benchmark(Baseline = true)]
    public object OwnFormatMapped() => Keep(KernelsEngine.Open(toolkitPath));

    [Benchmark]
    public object OwnFormatParsed() => Keep(KernelsEngine.Create(ModelFile.Read(toolkitPath)));

    [Benchmark]
    public object OnnxRuntimeFromOnnx() => Keep(Session(onnxPath, GraphOptimizationLevel.ORT_ENABLE_ALL));

    [Benchmark]
    public object OnnxRuntimeFromOptimizedOnnx() => Keep(Session(optimizedOnnxPath, GraphOptimizationLevel.ORT_DISABLE_ALL));

    [Benchmark]
    public object OnnxRuntimeFromOrtFormat() => Keep(Session(ortPath, GraphOptimizationLevel.ORT_DISABLE_ALL));

    /// <summary>The bootstrap's session settings (one intra-op thread, sequential), at the given optimization level.</summary>
    private static InferenceSession Session(string path, GraphOptimizationLevel level)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = level,
        };
        return new InferenceSession(path, options);
    }

    private IDisposable Keep(IDisposable engine)
    {
        loaded = engine;
        return engine;
    }
}
