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

    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    public static KernelsEngine Create(ModelGraph graph, Isa isa = Isa.Best, int threads = 1)
    {
        var cpu = CpuContext.Create(isa, threads);
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
