using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// An ONNX graph as read, before it becomes ours: fixed input specs, nodes in execution order, constants by name (the
/// initializers and Constant nodes), and the graph's outputs. Passes rewrite it by returning a new one.
/// </summary>
internal sealed record OnnxGraph(
    string Name,
    int Opset,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyDictionary<string, Tensor> Constants,
    IReadOnlyList<string> Outputs);
