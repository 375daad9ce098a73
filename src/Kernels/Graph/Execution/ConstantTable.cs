using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Execution;

/// <summary>
/// A constant a step reads on every run (an embedding table), kept where it lies: the graph's tensor, or the rows of a
/// mapped model file (<see cref="ModelFile.Map"/>), so a 90 MB vocabulary is neither copied nor faulted in at load.
/// </summary>
internal sealed unsafe class ConstantTable
{
    private readonly Tensor? tensor;
    private readonly PackedMatrix? rows;

    public ConstantTable(Tensor tensor) => this.tensor = tensor;

    /// <summary>Rows held as a matrix packed in one panel as wide as the table: row-major, as the file stores it (<see cref="StepContext.Table"/> checks).</summary>
    public ConstantTable(PackedMatrix rows) => this.rows = rows;

    public ReadOnlySpan<float> Values => tensor is not null
        ? tensor.AsSpan<float>()
        : new ReadOnlySpan<float>(rows!.Panels.Data, checked((int)rows.LengthFloats));
}
