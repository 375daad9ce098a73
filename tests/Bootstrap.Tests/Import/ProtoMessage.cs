using Google.Protobuf;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>
/// A protobuf message written field by field with Google.Protobuf's <see cref="CodedOutputStream"/>. The ONNX classes
/// generated in Toolkit.Serialization are internal, so the import tests write ModelProto bytes by hand from
/// onnx.proto's field numbers. Repeated fields are written unpacked, one tag per element, which every parser reads.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly List<(int Field, object Value)> fields = [];

    public ProtoMessage Varint(int field, long value) => Add(field, value);

    public ProtoMessage Float(int field, float value) => Add(field, value);

    public ProtoMessage String(int field, string value) => Add(field, value);

    public ProtoMessage Bytes(int field, byte[] value) => Add(field, value);

    public ProtoMessage Message(int field, ProtoMessage value) => Add(field, value);

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            foreach (var (field, value) in fields)
            {
                Write(output, field, value);
            }
        }

        return stream.ToArray();
    }

    private ProtoMessage Add(int field, object value)
    {
        fields.Add((field, value));
        return this;
    }

    private static void Write(CodedOutputStream output, int field, object value)
    {
        switch (value)
        {
            case long number:
                output.WriteTag(field, WireFormat.WireType.Varint);
                output.WriteInt64(number);
                break;
            case float number:
                output.WriteTag(field, WireFormat.WireType.Fixed32);
                output.WriteFloat(number);
                break;
            case string text:
                output.WriteTag(field, WireFormat.WireType.LengthDelimited);
                output.WriteString(text);
                break;
            case byte[] bytes:
                output.WriteTag(field, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(bytes));
                break;
            case ProtoMessage message:
                output.WriteTag(field, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(message.ToArray()));
                break;
            default:
                throw new ArgumentException($"No protobuf encoding for {value.GetType().Name}.", nameof(value));
        }
    }
}
