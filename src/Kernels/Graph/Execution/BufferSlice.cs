namespace Toolkit.Kernels.Graph.Execution;

/// <summary>Where one value lives in the arena, in floats.</summary>
public readonly record struct BufferSlice(long Offset, int Length);
