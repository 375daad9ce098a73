using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// What the executor knows about one op type: how it shapes its output and how it binds to the kernels. One file per op
/// type, so a reader finds everything about an operation in one place.
/// </summary>
internal interface IOperator
{
    string OpType { get; }

    /// <summary>True when the output is the input's storage under a new shape (no copy, no step).</summary>
    bool AliasesFirstInput => false;

    /// <summary>The output shape from the input shapes (initializers included), or a <see cref="GraphException"/> naming the problem.</summary>
    int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes);

    /// <summary>
    /// The output's element type from the input types (initializers included), or a <see cref="GraphException"/>. The
    /// default suits steps that read and write 4-byte elements: see <see cref="Operators.FourByteDataType"/>.
    /// </summary>
    DataType InferDataType(Node node, IReadOnlyList<DataType> inputTypes) => Operators.FourByteDataType(node, inputTypes, AliasesFirstInput);

    /// <summary>Prepares the node for one ISA tier (weights packed, geometry fixed) and returns the step that runs it.</summary>
    IStep Compile(Node node, StepContext context);

    /// <summary>Multiply-accumulates (or element operations) of one inference, for GFLOP counts.</summary>
    long CountMultiplyAccumulates(Node node, IReadOnlyList<int[]> inputShapes, int[] outputShape) => 0;
}
