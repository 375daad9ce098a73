using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>
/// TF-Serving's REST predict body. Written in the columnar form: <c>{"inputs": value}</c> for one tensor and
/// <c>{"inputs": {"name": value, …}}</c> for several (responses use "outputs"), each value an array nested by
/// shape. Read in that form or, as TF-Serving also accepts, the row form <c>{"instances": [row, …]}</c>
/// (responses: "predictions"; see <see cref="TfServingRowReader"/>). The body carries no data types and no model name (it is in the URL, /v1/models/{name}:predict); the
/// decoder takes types and the lone tensor's name from <see cref="DecodeOptions.Expected"/>, else FP32.
/// </summary>
internal static class TfServingJsonDocument
{
    public static void Write(Utf8Buffer output, InferenceMessage message, MessageKind kind, bool paperStyle)
    {
        var colon = paperStyle ? ": " : ":";
        output.WriteAscii(kind == MessageKind.Request ? "{\"inputs\"" : "{\"outputs\"");
        output.WriteAscii(colon);
        if (message.Tensors.Count == 1)
        {
            JsonTensorWriter.WriteNested(output, message.Tensors[0].Tensor, paperStyle);
        }
        else
        {
            output.Write((byte)'{');
            for (var i = 0; i < message.Tensors.Count; i++)
            {
                if (i > 0)
                {
                    output.WriteAscii(paperStyle ? ", " : ",");
                }

                output.WriteString(message.Tensors[i].Name);
                output.WriteAscii(colon);
                JsonTensorWriter.WriteNested(output, message.Tensors[i].Tensor, paperStyle);
            }

            output.Write((byte)'}');
        }

        output.Write((byte)'}');
    }

    public static InferenceMessage Read(ReadOnlySpan<byte> json, MessageKind kind, DecodeOptions options)
    {
        var key = kind == MessageKind.Request ? "inputs" : "outputs";
        var rowsKey = kind == MessageKind.Request ? "instances" : "predictions";
        var scanner = new JsonScanner(json);
        var tensors = new List<NamedTensor>();
        string? found = null;
        scanner.Expect((byte)'{');
        var first = true;
        while (scanner.NextProperty(ref first, out var name))
        {
            if (name != key && name != rowsKey)
            {
                scanner.SkipValue();
                continue;
            }

            if (found is not null)
            {
                throw new MalformedPayloadException(
                    $"TF-Serving {kind.ToString().ToLowerInvariant()} must have one of \"{key}\" (columnar) or \"{rowsKey}\" (rows); received \"{found}\" and then \"{name}\".");
            }

            found = name;
            if (name == rowsKey)
            {
                tensors.AddRange(TfServingRowReader.Read(ref scanner, rowsKey, options));
                continue;
            }

            if (scanner.Peek() == '{')
            {
                scanner.Position++;
                var firstTensor = true;
                while (scanner.NextProperty(ref firstTensor, out var tensorName))
                {
                    tensors.Add(ReadTensor(ref scanner, tensorName, options.ExpectedSpec(tensorName), options));
                }
            }
            else
            {
                var spec = options.Expected is { Count: > 0 } expected ? expected[0] : null;
                tensors.Add(ReadTensor(ref scanner, spec?.Name ?? key, spec, options));
            }
        }

        scanner.ExpectEnd();
        if (found is null)
        {
            throw new MalformedPayloadException($"TF-Serving {kind.ToString().ToLowerInvariant()} must have \"{key}\" or \"{rowsKey}\"; neither was found.");
        }

        return new InferenceMessage("", tensors);
    }

    private static NamedTensor ReadTensor(ref JsonScanner scanner, string name, TensorSpec? spec, DecodeOptions options)
    {
        var dataType = spec?.DataType ?? DataType.Float32;
        var tensor = JsonTensorReader.ReadNested(ref scanner, name, dataType, spec?.ElementCount ?? 16, options.MaxPayloadBytes);
        if (spec is not null && !spec.Matches(tensor))
        {
            throw new TensorShapeMismatchException(
                $"Tensor '{name}' must have shape [{string.Join(',', spec.Shape)}]; received [{string.Join(',', tensor.Shape)}].");
        }

        return new NamedTensor(name, tensor);
    }
}
