using Toolkit.Bench.TorchSharp.Internal;
using Toolkit.Bench.TorchSharp.Native;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;
using static TorchSharp.torch;
using Tensor = Toolkit.Kernels.Tensors.Tensor;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Toolkit.Bench.TorchSharp;

/// <summary>
/// The graph run by libtorch (TorchSharp 0.107.0, libtorch 2.10.0 CPU), the counterpart of the paper's in-process
/// TensorFlow: the framework's own kernels (oneDNN convolutions, MKL GEMM, ATen element-wise loops), eager, float32,
/// under <c>inference_mode</c>. Bench only: it is not AOT-compatible and its native files are about 600 MB.
/// Its ISA tier is not a parameter: libtorch fixes it when it loads, from <c>ONEDNN_MAX_CPU_ISA</c>,
/// <c>MKL_ENABLE_INSTRUCTIONS</c> and <c>ATEN_CPU_CAPABILITY</c> (see <see cref="TorchSharpIsa"/>), so an AVX2 run needs
/// its own process.
/// </summary>
public sealed class TorchSharpEngine : IInferenceEngine
{
    private readonly TorchProgram program;
    private readonly string[] outputNames;

    private TorchSharpEngine(TorchProgram program, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, int threads)
    {
        this.program = program;
        Inputs = inputs;
        Outputs = outputs;
        Threads = threads;
        outputNames = [.. outputs.Select(o => o.Name)];
    }

    public string Name => "torchsharp";

    public int Threads { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>
    /// Translates <paramref name="graph"/>, optimized as the other engines receive it (batch norms folded, activations
    /// fused; a no-op on an already optimized graph), so all three run the same weights.
    /// </summary>
    /// <exception cref="GraphException">A node has no libtorch translation or reads a weight that is not an initializer.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native library cannot load here (<see cref="LibTorchSharpCompatibility"/>),
    /// or oneDNN would crash on this CPU's convolutions at this thread count (<see cref="CpuCacheTopology"/>).</exception>
    public static TorchSharpEngine Create(ModelGraph graph, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (Problem(graph, threads) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        SetThreads(threads);
        var optimized = GraphOptimizer.Optimize(graph);
        var shapes = ShapeInference.Infer(optimized);
        var outputs = optimized.Outputs.Select(o => new TensorSpec(o, DataType.Float32, shapes[o])).ToArray();
        return new TorchSharpEngine(TorchProgram.Compile(optimized), optimized.Inputs, outputs, threads);
    }

    /// <summary>
    /// Why libtorch cannot run <paramref name="graph"/> on <paramref name="threads"/> threads here, or null when it can:
    /// its native library cannot be made to load (<see cref="LibTorchSharpCompatibility"/>), or oneDNN would crash on this
    /// CPU's convolutions (<see cref="CpuCacheTopology"/>). Checked without loading libtorch.
    /// </summary>
    public static string? Problem(ModelGraph graph, int threads)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return LibTorchSharpCompatibility.Problem
               ?? (graph.Nodes.Any(n => n.OpType == OpTypes.Conv2d) ? CpuCacheTopology.ConvolutionProblem(threads) : null);
    }

    public void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        TensorSpec.RequireAll(inputs, Inputs, "input");
        TensorSpec.RequireAll(outputs, Outputs, "output");
        SetThreads(Threads);
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var named = new Dictionary<string, TorchTensor>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            named[Inputs[i].Name] = TensorTransfer.ToTorch(inputs[i], Inputs[i].Name);
        }

        var values = program.Run(named);
        for (var i = 0; i < outputs.Count; i++)
        {
            TensorTransfer.CopyTo(values[outputNames[i]], outputs[i], outputNames[i]);
        }
    }

    public void Dispose() => program.Dispose();

    /// <summary>libtorch's intra-op thread count is process-wide; an engine sets its own before each run.</summary>
    private static void SetThreads(int threads)
    {
        if (get_num_threads() != threads)
        {
            set_num_threads(threads);
        }
    }
}
