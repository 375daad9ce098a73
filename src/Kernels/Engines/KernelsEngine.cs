using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Engines;

/// <summary>
/// Our own engine: the graph optimized (batch norm folded, activations fused) and compiled for one ISA tier and
/// thread count. A warm <see cref="Run"/> allocates nothing.
/// </summary>
public sealed class KernelsEngine : IInferenceEngine
{
    private readonly ExecutionPlan plan;

    private KernelsEngine(ExecutionPlan plan) => this.plan = plan;

    public string Name => "kernels";

    public Isa Isa => plan.Cpu.Isa;

    public int Threads => plan.Cpu.Threads;

    public IReadOnlyList<TensorSpec> Inputs => plan.Inputs;

    public IReadOnlyList<TensorSpec> Outputs => plan.Outputs;

    /// <summary>Bytes of intermediate memory the plan reserved.</summary>
    public long ArenaBytes => plan.ArenaBytes;

    /// <param name="int8">The tier of the graph's quantized steps (<see cref="Quantized.Int8Quantizer"/>); by default the widest no wider than <paramref name="isa"/>.</param>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/> or <paramref name="int8"/>.</exception>
    public static KernelsEngine Create(ModelGraph graph, Isa isa = Isa.Best, int threads = 1, Quantized.Int8Isa int8 = Quantized.Int8Isa.Best)
    {
        var cpu = CpuContext.Create(isa, threads, int8);
        try
        {
            return new KernelsEngine(ExecutionPlan.Create(GraphOptimizer.Optimize(graph), cpu));
        }
        catch
        {
            cpu.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a model file for <paramref name="isa"/>: the file is mapped, and GEMM weights it stores packed for the
    /// resolved tier are used where they lie (see <see cref="ModelFile.Map"/>). <paramref name="mapped"/>, when given, is
    /// called between the two stages of the load: the file mapped and its pages wired in, and the plan not yet built.
    /// </summary>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    /// <exception cref="ModelFormatException">The file is not a well-formed model file.</exception>
    public static KernelsEngine Open(string path, Isa isa = Isa.Best, int threads = 1, Action? mapped = null)
    {
        var cpu = CpuContext.Create(isa, threads);
        try
        {
            var graph = ModelFile.Map(path, cpu.Isa);
            mapped?.Invoke();
            return new KernelsEngine(ExecutionPlan.Create(GraphOptimizer.Optimize(graph), cpu));
        }
        catch
        {
            cpu.Dispose();
            throw;
        }
    }

    public void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs) => plan.Run(inputs, outputs);

    public void Dispose()
    {
        plan.Dispose();
        plan.Cpu.Dispose();
    }
}
