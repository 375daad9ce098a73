using Google.Protobuf;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats.Internal;
using Toolkit.Serialization.Protos.KServe;

namespace Toolkit.Serialization.Formats;

/// <summary>
/// KServe v2 gRPC (<c>inference.GRPCInferenceService/ModelInfer</c>): a <see cref="ModelInferRequest"/> or
/// <see cref="ModelInferResponse"/> with the tensors' bytes in <c>raw_input_contents</c> /
/// <c>raw_output_contents</c>. The decoder also accepts typed <c>contents</c> (fp32, int, int64, uint), as clients
/// that do not use raw contents send.
/// </summary>
public sealed class KServeGrpcFormat : IWireFormat
{
    public string Name => "kserve_grpc";

    public bool IsBinary => true;

    public byte[] Encode(InferenceMessage message, MessageKind kind) => ToProtobuf(message, kind).ToByteArray();

    /// <summary>The protobuf message for a gRPC service to return or send.</summary>
    public static IMessage ToProtobuf(InferenceMessage message, MessageKind kind)
    {
        if (kind == MessageKind.Request)
        {
            var request = new ModelInferRequest { ModelName = message.ModelName };
            foreach (var (name, tensor) in message.Tensors)
            {
                var input = new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = tensor.DataType.KServeName() };
                input.Shape.AddRange(tensor.Shape.Select(d => (long)d));
                request.Inputs.Add(input);
                request.RawInputContents.Add(ProtobufBytes.Wrap(tensor.Data));
            }

            return request;
        }

        var response = new ModelInferResponse { ModelName = message.ModelName };
        foreach (var (name, tensor) in message.Tensors)
        {
            var output = new ModelInferResponse.Types.InferOutputTensor { Name = name, Datatype = tensor.DataType.KServeName() };
            output.Shape.AddRange(tensor.Shape.Select(d => (long)d));
            response.Outputs.Add(output);
            response.RawOutputContents.Add(ProtobufBytes.Wrap(tensor.Data));
        }

        return response;
    }

    public InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options)
    {
        TensorFactory.CheckSize(payload, options, Name);
        if (kind == MessageKind.Request)
        {
            var request = ProtobufBytes.Parse(ModelInferRequest.Parser, payload, Name);
            return TensorFactory.RequireTensors(FromRequest(request, options), kind, Name);
        }

        var response = ProtobufBytes.Parse(ModelInferResponse.Parser, payload, Name);
        return TensorFactory.RequireTensors(FromResponse(response, options), kind, Name);
    }

    /// <summary>Checks and converts a request a gRPC service received.</summary>
    public static InferenceMessage FromRequest(ModelInferRequest request, DecodeOptions options) =>
        new(request.ModelName, Convert(request.Inputs.Select(i => (i.Name, i.Datatype, i.Shape, (InferTensorContents?)i.Contents)).ToList(), request.RawInputContents, "raw_input_contents", options));

    public static InferenceMessage FromResponse(ModelInferResponse response, DecodeOptions options) =>
        new(response.ModelName, Convert(response.Outputs.Select(o => (o.Name, o.Datatype, o.Shape, (InferTensorContents?)o.Contents)).ToList(), response.RawOutputContents, "raw_output_contents", options));

    private static List<NamedTensor> Convert(
        List<(string Name, string Datatype, Google.Protobuf.Collections.RepeatedField<long> Shape, InferTensorContents? Contents)> tensors,
        Google.Protobuf.Collections.RepeatedField<ByteString> raw,
        string rawField,
        DecodeOptions options)
    {
        if (raw.Count != 0 && raw.Count != tensors.Count)
        {
            throw new TensorShapeMismatchException($"{rawField} must have one entry per tensor ({tensors.Count}); received {raw.Count}.");
        }

        var result = new List<NamedTensor>(tensors.Count);
        for (var i = 0; i < tensors.Count; i++)
        {
            var (name, datatype, shape, contents) = tensors[i];
            var dataType = TensorFactory.ParseKServeType(datatype);
            var dimensions = TensorFactory.ToShape(name, shape);
            TensorFactory.ByteCount(name, dataType, dimensions, options.MaxPayloadBytes);
            var data = raw.Count != 0 ? ProtobufBytes.ToArray(raw[i]) : FromContents(name, dataType, contents);
            result.Add(new NamedTensor(name, TensorFactory.Create(name, dataType, dimensions, data)));
        }

        return result;
    }

    private static byte[] FromContents(string name, DataType dataType, InferTensorContents? contents)
    {
        if (contents is null)
        {
            throw new TensorShapeMismatchException($"Tensor '{name}' has neither raw contents nor typed contents.");
        }

        return dataType switch
        {
            DataType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(contents.Fp32Contents.ToArray().AsSpan()).ToArray(),
            DataType.Int32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(contents.IntContents.ToArray().AsSpan()).ToArray(),
            DataType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(contents.Int64Contents.ToArray().AsSpan()).ToArray(),
            DataType.UInt8 => [.. contents.UintContents.Select(v => v <= 255 ? (byte)v : throw new MalformedPayloadException($"Tensor '{name}' UINT8 value must be at most 255; received {v}."))],
            _ => throw new TensorShapeMismatchException($"Tensor '{name}' of {dataType.KServeName()} must use raw contents; typed contents have no field for it."),
        };
    }
}
