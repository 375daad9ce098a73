using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// What the importer knows about one value of the ONNX graph: its shape (in ONNX's own layout, so NCHW for images),
/// its element type, and its data when it is a constant (an initializer, a Constant node, or a folded node).
/// </summary>
internal sealed record OnnxValue(int[] Shape, DataType DataType, Tensor? Constant = null)
{
    public int Rank => Shape.Length;

    public bool IsConstant => Constant is not null;

    public static OnnxValue Of(Tensor constant) => new(constant.Shape, constant.DataType, constant);

    public override string ToString() => $"{DataType}[{string.Join(',', Shape)}]{(IsConstant ? " (constant)" : "")}";
}
