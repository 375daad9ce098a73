namespace Toolkit.Kernels.Graph.Execution;

/// <summary>One compiled node: its weights prepared and its buffers bound. Executing it allocates nothing.</summary>
internal interface IStep
{
    void Execute(CpuContext cpu, Arena arena);
}
