namespace Toolkit.Kernels.Threading;

/// <summary>
/// One parallel loop body. A kernel packs its arguments (pointers and sizes) into a struct that implements this, so
/// that dispatching it to the worker threads allocates nothing.
/// </summary>
public interface IParallelBody
{
    /// <summary>Runs item <paramref name="index"/>. Items write disjoint outputs, so their order never changes a result.</summary>
    void Run(int index);
}
