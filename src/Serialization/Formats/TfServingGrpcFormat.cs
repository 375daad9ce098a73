using Google.Protobuf;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats.Internal;
using Toolkit.Serialization.Protos.TensorFlow;
using Toolkit.Serialization.Protos.TensorFlowServing;
using TfDataType = Toolkit.Serialization.Protos.TensorFlow.DataType;

namespace Toolkit.Serialization.Formats;

/// <summary>
/// TF-Serving gRPC (<c>tensorflow.serving.PredictionService/Predict</c>): a <see cref="PredictRequest"/> or
/// <see cref="PredictResponse"/> whose map holds one <see cref="TensorProto"/> per tensor, bytes in
/// <c>tensor_content</c>, with the <c>serving_default</c> signature as the paper's clients used. The decoder also
/// accepts the typed value fields (float_val, int_val, int64_val, half_val).
/// </summary>
public sealed class TfServingGrpcFormat : IWireFormat
{
    public const string DefaultSignature = "serving_default";

    public string Name => "tfserving_grpc";

    public bool IsBinary => true;

    public byte[] Encode(InferenceMessage message, MessageKind kind) => ToProtobuf(message, kind).ToByteArray();

    public static IMessage ToProtobuf(InferenceMessage message, MessageKind kind)
    {
        var spec = new ModelSpec { Name = message.ModelName, SignatureName = DefaultSignature };
        if (kind == MessageKind.Request)
        {
            var request = new PredictRequest { ModelSpec = spec };
            foreach (var (name, tensor) in message.Tensors)
            {
                request.Inputs.Add(name, ToTensorProto(tensor));
            }

            return request;
        }

        var response = new PredictResponse { ModelSpec = spec };
        foreach (var (name, tensor) in message.Tensors)
        {
            response.Outputs.Add(name, ToTensorProto(tensor));
        }

        return response;
    }

    public InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options)
    {
        TensorFactory.CheckSize(payload, options, Name);
        if (kind == MessageKind.Request)
        {
            var request = ProtobufBytes.Parse(PredictRequest.Parser, payload, Name);
            return TensorFactory.RequireTensors(FromMap(request.ModelSpec?.Name ?? "", request.Inputs, options), kind, Name);
        }

        var response = ProtobufBytes.Parse(PredictResponse.Parser, payload, Name);
        return TensorFactory.RequireTensors(FromMap(response.ModelSpec?.Name ?? "", response.Outputs, options), kind, Name);
    }

    public static InferenceMessage FromMap(string modelName, IEnumerable<KeyValuePair<string, TensorProto>> tensors, DecodeOptions options) =>
        new(modelName, [.. tensors.Select(pair => new NamedTensor(pair.Key, FromTensorProto(pair.Key, pair.Value, options)))]);

    private static TensorProto ToTensorProto(Tensor tensor)
    {
        var proto = new TensorProto { Dtype = ToTensorFlow(tensor.DataType), TensorShape = new TensorShapeProto(), TensorContent = ProtobufBytes.Wrap(tensor.Data) };
        foreach (var dimension in tensor.Shape)
        {
            proto.TensorShape.Dim.Add(new TensorShapeProto.Types.Dim { Size = dimension });
        }

        return proto;
    }

    private static Tensor FromTensorProto(string name, TensorProto? proto, DecodeOptions options)
    {
        if (proto?.TensorShape is null)
        {
            throw new TensorShapeMismatchException($"Tensor '{name}' has no tensor_shape.");
        }

        var dataType = FromTensorFlow(name, proto.Dtype);
        var shape = TensorFactory.ToShape(name, proto.TensorShape.Dim.Select(d => d.Size).ToList());
        TensorFactory.ByteCount(name, dataType, shape, options.MaxPayloadBytes);
        var data = !proto.TensorContent.IsEmpty || Tensor.ElementCount(shape) == 0
            ? ProtobufBytes.ToArray(proto.TensorContent)
            : FromValues(name, dataType, proto);
        return TensorFactory.Create(name, dataType, shape, data);
    }

    private static byte[] FromValues(string name, Kernels.Tensors.DataType dataType, TensorProto proto) => dataType switch
    {
        Kernels.Tensors.DataType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(proto.FloatVal.ToArray().AsSpan()).ToArray(),
        Kernels.Tensors.DataType.Int32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(proto.IntVal.ToArray().AsSpan()).ToArray(),
        Kernels.Tensors.DataType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(proto.Int64Val.ToArray().AsSpan()).ToArray(),
        Kernels.Tensors.DataType.UInt8 => [.. proto.IntVal.Select(v => v is >= 0 and <= 255 ? (byte)v : throw new MalformedPayloadException($"Tensor '{name}' uint8 value must be in [0, 255]; received {v}."))],
        Kernels.Tensors.DataType.Float16 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(proto.HalfVal.Select(v => (ushort)v).ToArray().AsSpan()).ToArray(),
        _ => throw new UnknownDataTypeException($"Tensor '{name}' has no value field for {dataType}."),
    };

    private static TfDataType ToTensorFlow(Kernels.Tensors.DataType dataType) => dataType switch
    {
        Kernels.Tensors.DataType.Float32 => TfDataType.DtFloat,
        Kernels.Tensors.DataType.Int32 => TfDataType.DtInt32,
        Kernels.Tensors.DataType.Float16 => TfDataType.DtHalf,
        Kernels.Tensors.DataType.UInt8 => TfDataType.DtUint8,
        Kernels.Tensors.DataType.Int64 => TfDataType.DtInt64,
        _ => throw new UnknownDataTypeException($"No TensorFlow dtype for {dataType}."),
    };

    private static Kernels.Tensors.DataType FromTensorFlow(string name, TfDataType dtype) => dtype switch
    {
        TfDataType.DtFloat => Kernels.Tensors.DataType.Float32,
        TfDataType.DtInt32 => Kernels.Tensors.DataType.Int32,
        TfDataType.DtHalf => Kernels.Tensors.DataType.Float16,
        TfDataType.DtUint8 => Kernels.Tensors.DataType.UInt8,
        TfDataType.DtInt64 => Kernels.Tensors.DataType.Int64,
        _ => throw new UnknownDataTypeException($"Tensor '{name}' dtype must be DT_FLOAT, DT_HALF, DT_INT32, DT_INT64 or DT_UINT8; received {dtype} ({(int)dtype})."),
    };
}
