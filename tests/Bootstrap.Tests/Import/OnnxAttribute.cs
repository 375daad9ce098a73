namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>ONNX <c>AttributeProto</c>s (onnx.proto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20).</summary>
internal static class OnnxAttribute
{
    private const int Name = 1, F = 2, I = 3, S = 4, T = 5, Floats = 7, Ints = 8, Type = 20;

    public static ProtoMessage Int(string name, long value) => Named(name, 2).Varint(I, value);

    public static ProtoMessage Float(string name, float value) => Named(name, 1).Float(F, value);

    public static ProtoMessage String(string name, string value) => Named(name, 3).Bytes(S, System.Text.Encoding.UTF8.GetBytes(value));

    public static ProtoMessage Tensor(string name, ProtoMessage tensor) => Named(name, 4).Message(T, tensor);

    public static ProtoMessage FloatList(string name, params float[] values)
    {
        var attribute = Named(name, 6);
        foreach (var value in values)
        {
            attribute.Float(Floats, value);
        }

        return attribute;
    }

    public static ProtoMessage IntList(string name, params long[] values)
    {
        var attribute = Named(name, 7);
        foreach (var value in values)
        {
            attribute.Varint(Ints, value);
        }

        return attribute;
    }

    /// <param name="type">AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7.</param>
    private static ProtoMessage Named(string name, int type) => new ProtoMessage().String(Name, name).Varint(Type, type);
}
