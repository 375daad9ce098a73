using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Proto;
using AttributeType = Toolkit.Serialization.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// One node of the graph being imported, in ONNX's own terms (op type, NCHW semantics), with its attributes decoded.
/// Fusions replace runs of nodes by one node of a toolkit op type (see <see cref="FusedOps"/>).
/// </summary>
internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, object> Attributes)
{
    /// <summary>How errors name the node: <c>node 'Conv_3' (Conv)</c>.</summary>
    public string Where => $"node '{Name}' ({OpType})";

    public string Output => Outputs[0];

    /// <summary>The input at <paramref name="index"/>, or null when it is absent or omitted (an empty name).</summary>
    public string? Input(int index) => index < Inputs.Count && Inputs[index].Length > 0 ? Inputs[index] : null;

    public bool Has(string attribute) => Attributes.ContainsKey(attribute);

    public long Int(string attribute, long fallback) => Attributes.TryGetValue(attribute, out var v) ? Cast<long>(attribute, v) : fallback;

    public float Float(string attribute, float fallback) => Attributes.TryGetValue(attribute, out var v) ? Cast<float>(attribute, v) : fallback;

    public string String(string attribute, string fallback) => Attributes.TryGetValue(attribute, out var v) ? Cast<string>(attribute, v) : fallback;

    public long[]? Ints(string attribute) => Attributes.TryGetValue(attribute, out var v) ? Cast<long[]>(attribute, v) : null;

    public Tensor? TensorValue(string attribute) => Attributes.TryGetValue(attribute, out var v) ? Cast<Tensor>(attribute, v) : null;

    /// <summary>Decodes a NodeProto; a node with no name is named after its first output.</summary>
    public static OnnxNode From(NodeProto proto)
    {
        var name = proto.Name.Length > 0 ? proto.Name : $"{proto.OpType}->{proto.Output.FirstOrDefault() ?? "?"}";
        var where = $"node '{name}' ({proto.OpType})";
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var attribute in proto.Attribute)
        {
            attributes[attribute.Name] = Decode(attribute, where);
        }

        return new OnnxNode(name, proto.OpType, [.. proto.Input], [.. proto.Output], attributes);
    }

    private static object Decode(AttributeProto attribute, string where)
    {
        if (attribute.HasRefAttrName)
        {
            throw OnnxImportException.At(where, $"attribute '{attribute.Name}' refers to a function attribute ('{attribute.RefAttrName}'); functions are not supported.");
        }

        // Files from before IR 3 may leave the type out; infer it from the one field that is set.
        var type = attribute.Type != AttributeType.Undefined ? attribute.Type
            : attribute.Ints.Count > 0 ? AttributeType.Ints
            : attribute.Floats.Count > 0 ? AttributeType.Floats
            : attribute.T is not null ? AttributeType.Tensor
            : attribute.HasS ? AttributeType.String
            : attribute.HasF ? AttributeType.Float
            : AttributeType.Int;
        return type switch
        {
            AttributeType.Int => attribute.I,
            AttributeType.Float => attribute.F,
            AttributeType.String => attribute.S.ToStringUtf8(),
            AttributeType.Ints => attribute.Ints.ToArray(),
            AttributeType.Floats => attribute.Floats.ToArray(),
            AttributeType.Tensor when attribute.T is not null => OnnxTensorDecoder.Decode(attribute.T, $"{where} attribute '{attribute.Name}'"),
            AttributeType.Graph or AttributeType.Graphs => throw OnnxImportException.At(where, $"attribute '{attribute.Name}' is a sub-graph; control flow (If, Loop, Scan) is not supported."),
            _ => throw OnnxImportException.At(where, $"attribute '{attribute.Name}' has type {type}, which is not supported."),
        };
    }

    private T Cast<T>(string attribute, object value) =>
        value is T typed ? typed : throw OnnxImportException.At(Where, $"attribute '{attribute}' is {value.GetType().Name}, expected {typeof(T).Name}.");
}
