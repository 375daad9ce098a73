using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>
/// The KServe v2 REST document shared by the JSON format and the binary extension's header:
/// <c>{"model_name":…,"inputs"|"outputs":[{"name","datatype","shape","data"|"parameters":{"binary_data_size"}}]}</c>.
/// Requests carry no model name (it is in the URL, /v2/models/{name}/infer); responses do.
/// </summary>
internal static class KServeJsonDocument
{
    public static void Write(Utf8Buffer output, InferenceMessage message, MessageKind kind, bool binary)
    {
        output.Write((byte)'{');
        if (kind == MessageKind.Response)
        {
            output.WriteAscii("\"model_name\":");
            output.WriteString(message.ModelName);
            output.Write((byte)',');
        }

        output.WriteAscii(kind == MessageKind.Request ? "\"inputs\":[" : "\"outputs\":[");
        for (var i = 0; i < message.Tensors.Count; i++)
        {
            var (name, tensor) = message.Tensors[i];
            if (i > 0)
            {
                output.Write((byte)',');
            }

            output.WriteAscii("{\"name\":");
            output.WriteString(name);
            output.WriteAscii(",\"datatype\":\"");
            output.WriteAscii(tensor.DataType.KServeName());
            output.WriteAscii("\",\"shape\":[");
            for (var d = 0; d < tensor.Shape.Length; d++)
            {
                if (d > 0)
                {
                    output.Write((byte)',');
                }

                output.Advance(Json.Internal.DigitWriter.WriteInt64(tensor.Shape[d], output.GetSpan(20)));
            }

            output.Write((byte)']');
            if (binary)
            {
                output.WriteAscii(",\"parameters\":{\"binary_data_size\":");
                output.Advance(Json.Internal.DigitWriter.WriteInt64(tensor.Data.LongLength, output.GetSpan(20)));
                output.WriteAscii("}}");
            }
            else
            {
                output.WriteAscii(",\"data\":");
                JsonTensorWriter.WriteFlat(output, tensor);
                output.Write((byte)'}');
            }
        }

        output.WriteAscii("]}");
    }

    /// <summary>Reads the document; in binary mode each tensor's bytes are taken in order from
    /// <paramref name="binaryData"/>. Returns the message and how many header bytes the JSON took.</summary>
    public static InferenceMessage Read(ReadOnlySpan<byte> json, MessageKind kind, DecodeOptions options, bool binary, ReadOnlySpan<byte> binaryData, out int headerLengthBytes)
    {
        var scanner = new JsonScanner(json);
        var tensorsKey = kind == MessageKind.Request ? "inputs" : "outputs";
        var modelName = "";
        var tensors = new List<NamedTensor>();
        var sawTensors = false;
        var binaryOffset = 0;
        scanner.Expect((byte)'{');
        var first = true;
        while (scanner.NextProperty(ref first, out var key))
        {
            if (key == "model_name")
            {
                modelName = scanner.ReadString();
            }
            else if (key == tensorsKey)
            {
                sawTensors = true;
                scanner.Expect((byte)'[');
                var firstTensor = true;
                while (scanner.NextElement(ref firstTensor))
                {
                    tensors.Add(ReadTensor(ref scanner, options, binary, binaryData, ref binaryOffset));
                }
            }
            else
            {
                scanner.SkipValue();
            }
        }

        headerLengthBytes = scanner.Position;
        if (!binary)
        {
            scanner.ExpectEnd();
        }

        if (!sawTensors)
        {
            throw new MalformedPayloadException($"KServe v2 {kind.ToString().ToLowerInvariant()} must have an \"{tensorsKey}\" array; none was found.");
        }

        if (binary && binaryOffset != binaryData.Length)
        {
            throw new TensorShapeMismatchException(
                $"KServe binary body must end after the tensors' {binaryOffset} data bytes; received {binaryData.Length}.");
        }

        return new InferenceMessage(modelName, tensors);
    }

    private static NamedTensor ReadTensor(ref JsonScanner scanner, DecodeOptions options, bool binary, ReadOnlySpan<byte> binaryData, ref int binaryOffset)
    {
        string? name = null;
        string? datatype = null;
        List<long>? shape = null;
        var dataStart = -1;
        long binarySize = -1;
        scanner.Expect((byte)'{');
        var first = true;
        while (scanner.NextProperty(ref first, out var key))
        {
            switch (key)
            {
                case "name":
                    name = scanner.ReadString();
                    break;
                case "datatype":
                    datatype = scanner.ReadString();
                    break;
                case "shape":
                    shape = [];
                    scanner.Expect((byte)'[');
                    var firstDimension = true;
                    while (scanner.NextElement(ref firstDimension))
                    {
                        shape.Add(scanner.ReadInt64());
                    }

                    break;
                case "data":
                    // The data may come before the shape and datatype: remember where it is and read it last.
                    dataStart = scanner.Position;
                    scanner.SkipValue();
                    break;
                case "parameters":
                    binarySize = ReadBinarySize(ref scanner);
                    break;
                default:
                    scanner.SkipValue();
                    break;
            }
        }

        if (name is null || datatype is null || shape is null)
        {
            throw new MalformedPayloadException(
                $"KServe v2 tensor must have \"name\", \"datatype\" and \"shape\"; \"{(name is null ? "name" : datatype is null ? "datatype" : "shape")}\" is missing.",
                scanner.Position);
        }

        var dataType = TensorFactory.ParseKServeType(datatype);
        var dimensions = TensorFactory.ToShape(name, shape);
        var byteCount = TensorFactory.ByteCount(name, dataType, dimensions, options.MaxPayloadBytes);
        byte[] data;
        if (binary && dataStart < 0)
        {
            if (binarySize != byteCount)
            {
                throw new TensorShapeMismatchException(
                    $"Tensor '{name}' binary_data_size must be {byteCount} for shape [{string.Join(',', dimensions)}] of {datatype}; received {binarySize}.");
            }

            if (binaryData.Length - binaryOffset < byteCount)
            {
                throw new TensorShapeMismatchException(
                    $"Tensor '{name}' needs {byteCount} data bytes after the header; only {binaryData.Length - binaryOffset} remain.");
            }

            data = binaryData.Slice(binaryOffset, (int)byteCount).ToArray();
            binaryOffset += (int)byteCount;
        }
        else
        {
            if (dataStart < 0)
            {
                throw new MalformedPayloadException($"Tensor '{name}' has no \"data\".", scanner.Position);
            }

            var dataScanner = new JsonScanner(scanner.Json) { Position = dataStart };
            data = JsonTensorReader.ReadFlat(ref dataScanner, name, dataType, byteCount / dataType.Size(), options.MaxPayloadBytes);
        }

        return new NamedTensor(name, TensorFactory.Create(name, dataType, dimensions, data));
    }

    private static long ReadBinarySize(ref JsonScanner scanner)
    {
        long size = -1;
        scanner.Expect((byte)'{');
        var first = true;
        while (scanner.NextProperty(ref first, out var key))
        {
            if (key == "binary_data_size")
            {
                size = scanner.ReadInt64();
            }
            else
            {
                scanner.SkipValue();
            }
        }

        return size;
    }
}
