using Google.Protobuf;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Proto;

namespace Toolkit.Serialization.Onnx;

/// <summary>
/// Writes a <see cref="ModelGraph"/> as an ONNX model (IR 8, opset 17) with the same weights, so ONNX Runtime runs the
/// very model our kernels run. Our graphs are NHWC with HWIO weights; ONNX convolutions are NCHW with OIHW weights, so
/// image values are transposed to NCHW once after the input and back only where a layout-sensitive op needs NHWC.
/// </summary>
public static class OnnxExporter
{
    /// <summary>ONNX opset 17: every operator used here has its current semantics, and ONNX Runtime 1.31 supports it.</summary>
    public const int OpsetVersion = 17;

    /// <summary>ONNX IR version 8, the version that goes with opset 17.</summary>
    public const int IrVersion = 8;

    public static void Write(ModelGraph graph, string path) => File.WriteAllBytes(path, Export(graph));

    public static byte[] Export(ModelGraph graph) => Build(graph).ToByteArray();

    internal static ModelProto Build(ModelGraph graph)
    {
        var writer = new OnnxGraphWriter(graph);
        foreach (var node in graph.Nodes)
        {
            writer.Translate(node);
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Toolkit",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = writer.Finish(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    internal static TensorProto ToTensorProto(string name, Tensor tensor)
    {
        var proto = new TensorProto { Name = name, DataType = (int)ElementType(tensor.DataType), RawData = ByteString.CopyFrom(tensor.Data) };
        proto.Dims.AddRange(tensor.Shape.Select(d => (long)d));
        return proto;
    }

    internal static ValueInfoProto ValueInfo(string name, DataType type, IEnumerable<int> shape)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)ElementType(type), Shape = tensorShape } },
        };
    }

    internal static TensorProto.Types.DataType ElementType(DataType type) => type switch
    {
        DataType.Float32 => TensorProto.Types.DataType.Float,
        DataType.Int32 => TensorProto.Types.DataType.Int32,
        DataType.Float16 => TensorProto.Types.DataType.Float16,
        DataType.UInt8 => TensorProto.Types.DataType.Uint8,
        DataType.Int64 => TensorProto.Types.DataType.Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No ONNX element type for this data type."),
    };
}
