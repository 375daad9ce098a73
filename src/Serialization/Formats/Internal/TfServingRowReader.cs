using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>
/// TF-Serving's REST row format: <c>{"instances": [row, …]}</c> (responses: <c>"predictions"</c>). A row is one
/// instance: either the lone input's value (an array nested by its shape, or a scalar), or an object of named
/// inputs. Rows are stacked along a new first dimension, so N rows of shape [a, b] make a tensor of shape
/// [N, a, b]; every row must have the same shape and, in the object form, the same input names.
/// </summary>
internal static class TfServingRowReader
{
    /// <summary>Reads the rows array; <paramref name="key"/> names the field in error messages.</summary>
    public static List<NamedTensor> Read(ref JsonScanner scanner, string key, DecodeOptions options)
    {
        if (scanner.Peek() != '[')
        {
            throw new MalformedPayloadException(
                $"\"{key}\" must be a JSON array of rows; found {Describe(scanner.Peek())}.", scanner.Position);
        }

        scanner.Position++;
        var names = new List<string>();
        var rows = new Dictionary<string, List<Tensor>>(StringComparer.Ordinal);
        bool? objectRows = null;
        var rowIndex = 0;
        var first = true;
        while (scanner.NextElement(ref first))
        {
            var isObject = scanner.Peek() == '{';
            objectRows ??= isObject;
            if (isObject != objectRows)
            {
                throw new MalformedPayloadException(
                    $"\"{key}\"[{rowIndex}] must be {(objectRows.Value ? "an object of named inputs" : "a value")} like \"{key}\"[0]; " +
                    $"received {(isObject ? "an object" : "a value")}.", scanner.Position);
            }

            if (isObject)
            {
                ReadObjectRow(ref scanner, key, rowIndex, names, rows, options);
            }
            else
            {
                var spec = options.Expected is { Count: > 0 } expected ? expected[0] : null;
                var name = spec?.Name ?? key;
                if (rowIndex == 0)
                {
                    names.Add(name);
                    rows[name] = [];
                }

                rows[name].Add(ReadRow(ref scanner, $"\"{key}\"[{rowIndex}]", spec, options));
            }

            rowIndex++;
        }

        if (rowIndex == 0)
        {
            throw new TensorShapeMismatchException($"\"{key}\" must hold at least one row; received 0.");
        }

        var tensors = new List<NamedTensor>(names.Count);
        foreach (var name in names)
        {
            tensors.Add(new NamedTensor(name, Stack(key, name, rows[name], options.ExpectedSpec(name))));
        }

        return tensors;
    }

    private static void ReadObjectRow(ref JsonScanner scanner, string key, int rowIndex, List<string> names, Dictionary<string, List<Tensor>> rows, DecodeOptions options)
    {
        var start = scanner.Position;
        scanner.Position++;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var firstMember = true;
        while (scanner.NextProperty(ref firstMember, out var name))
        {
            if (!seen.Add(name))
            {
                throw new MalformedPayloadException($"\"{key}\"[{rowIndex}] names input '{name}' twice.", start);
            }

            if (rowIndex == 0)
            {
                names.Add(name);
                rows[name] = [];
            }
            else if (!rows.ContainsKey(name))
            {
                throw new TensorShapeMismatchException(
                    $"\"{key}\"[{rowIndex}] must have the inputs of \"{key}\"[0] ({Quote(names)}); received an extra input '{name}'.");
            }

            rows[name].Add(ReadRow(ref scanner, $"\"{key}\"[{rowIndex}].{name}", options.ExpectedSpec(name), options));
        }

        if (seen.Count != names.Count)
        {
            throw new TensorShapeMismatchException(
                $"\"{key}\"[{rowIndex}] must have the inputs of \"{key}\"[0] ({Quote(names)}); received {Quote(seen)}.");
        }
    }

    private static Tensor ReadRow(ref JsonScanner scanner, string field, TensorSpec? spec, DecodeOptions options)
    {
        var dataType = spec?.DataType ?? DataType.Float32;
        var rowCount = spec is { Shape.Length: > 0 } && spec.Shape[0] > 0 ? spec.ElementCount / spec.Shape[0] : 16;
        try
        {
            return JsonTensorReader.ReadNested(ref scanner, field, dataType, rowCount, options.MaxPayloadBytes);
        }
        catch (MalformedPayloadException error)
        {
            // The number parser knows the offset but not the field; a row among thousands needs both.
            throw new MalformedPayloadException($"{field}: {error.Message}", error.OffsetBytes);
        }
    }

    /// <summary>Rows of one input stacked along a new first dimension, after checking they agree in shape.</summary>
    private static Tensor Stack(string key, string name, List<Tensor> rows, TensorSpec? spec)
    {
        var rowShape = rows[0].Shape;
        var rowBytes = rows[0].Data.Length;
        for (var i = 1; i < rows.Count; i++)
        {
            if (!rows[i].Shape.AsSpan().SequenceEqual(rowShape))
            {
                throw new TensorShapeMismatchException(
                    $"Input '{name}' in \"{key}\"[{i}] must have the shape of row 0, [{string.Join(',', rowShape)}]; received [{string.Join(',', rows[i].Shape)}].");
            }
        }

        var data = new byte[checked((long)rowBytes * rows.Count)];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Data.CopyTo(data, (long)i * rowBytes);
        }

        var tensor = TensorFactory.Create(name, rows[0].DataType, [rows.Count, .. rowShape], data);
        if (spec is not null && !spec.Matches(tensor))
        {
            throw new TensorShapeMismatchException(
                $"Tensor '{name}' must have shape [{string.Join(',', spec.Shape)}]; received [{string.Join(',', tensor.Shape)}] from {rows.Count} rows of \"{key}\".");
        }

        return tensor;
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Describe(byte next) => next == 0 ? "the end of the input" : $"'{(char)next}'";
}
