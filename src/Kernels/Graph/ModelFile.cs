using System.Text;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph;

/// <summary>
/// The toolkit's own model file: a small binary header (graph structure, attributes, initializer table) followed by
/// the raw little-endian weights, each initializer starting on a 64-byte boundary so a loader can map the file and use
/// the weights where they lie. Layout:
/// <c>"TKMODEL1" | int32 header bytes | header | zero padding to 64 | weights</c>.
/// </summary>
public static class ModelFile
{
    /// <summary>File extension of the format.</summary>
    public const string Extension = ".tkm";

    private const int WeightAlignmentBytes = 64;
    private static readonly byte[] Magic = "TKMODEL1"u8.ToArray();

    private enum AttributeKind : byte
    {
        Int = 1,
        Ints = 2,
        Float = 3,
        String = 4,
    }

    public static void Write(ModelGraph graph, string path)
    {
        using var file = File.Create(path);
        Write(graph, file);
    }

    /// <summary>Writes <paramref name="graph"/>; the same graph always gives the same bytes.</summary>
    public static void Write(ModelGraph graph, Stream stream)
    {
        var offsets = new List<long>();
        long dataLength = 0;
        foreach (var tensor in graph.Initializers.Values)
        {
            offsets.Add(dataLength);
            dataLength = Align(dataLength + tensor.Data.LongLength);
        }

        var header = new MemoryStream();
        using (var w = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(graph.Name);
            w.Write(graph.Inputs.Count);
            foreach (var input in graph.Inputs)
            {
                WriteSpec(w, input.Name, input.DataType, input.Shape);
            }

            w.Write(graph.Outputs.Count);
            graph.Outputs.ToList().ForEach(w.Write);
            w.Write(graph.Nodes.Count);
            foreach (var node in graph.Nodes)
            {
                WriteNode(w, node);
            }

            w.Write(graph.Initializers.Count);
            var index = 0;
            foreach (var (name, tensor) in graph.Initializers)
            {
                WriteSpec(w, name, tensor.DataType, tensor.Shape);
                w.Write(offsets[index++]);
            }
        }

        stream.Write(Magic);
        stream.Write(BitConverter.GetBytes((int)header.Length));
        header.Position = 0;
        header.CopyTo(stream);
        Pad(stream, Align(Magic.Length + sizeof(int) + header.Length) - (Magic.Length + sizeof(int) + header.Length));
        long written = 0;
        foreach (var tensor in graph.Initializers.Values)
        {
            stream.Write(tensor.Data);
            written += tensor.Data.LongLength;
            Pad(stream, Align(written) - written);
            written = Align(written);
        }
    }

    public static ModelGraph Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <exception cref="ModelFormatException">The stream is not a well-formed model file; the message says where.</exception>
    public static ModelGraph Read(Stream stream, string source = "stream")
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            var magic = r.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new ModelFormatException($"{source}: not a toolkit model file (expected magic 'TKMODEL1').");
            }

            var headerLength = r.ReadInt32();
            var name = r.ReadString();
            var inputs = ReadList(r, () => { var (n, t, s) = ReadSpec(r); return new TensorSpec(n, t, s); });
            var outputs = ReadList(r, r.ReadString);
            var nodes = ReadList(r, () => ReadNode(r));
            var table = ReadList(r, () => (Spec: ReadSpec(r), Offset: r.ReadInt64()));
            var dataStart = Align(Magic.Length + sizeof(int) + headerLength);
            var initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var ((tensorName, type, shape), offset) in table)
            {
                stream.Position = dataStart + offset;
                var bytes = checked((int)(Tensor.ElementCount(shape) * type.Size()));
                if (stream.CanSeek && stream.Position + bytes > stream.Length)
                {
                    throw new ModelFormatException($"{source}: initializer '{tensorName}' needs {bytes} bytes at offset {stream.Position}, past the end of the file ({stream.Length} bytes).");
                }

                var data = r.ReadBytes(bytes);
                if (data.Length != bytes)
                {
                    throw new ModelFormatException($"{source}: initializer '{tensorName}' is truncated ({data.Length} of {bytes} bytes).");
                }

                initializers.Add(tensorName, new Tensor(type, shape, data));
            }

            return new ModelGraph(name, inputs, nodes, initializers, outputs);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or OverflowException or InvalidDataException or GraphException and not ModelFormatException)
        {
            throw new ModelFormatException($"{source}: corrupt or truncated model file: {e.Message}", e);
        }
    }

    private static void WriteSpec(BinaryWriter w, string name, DataType type, int[] shape)
    {
        w.Write(name);
        w.Write((byte)type);
        w.Write(shape.Length);
        Array.ForEach(shape, w.Write);
    }

    private static (string Name, DataType Type, int[] Shape) ReadSpec(BinaryReader r)
    {
        var name = r.ReadString();
        var type = (DataType)r.ReadByte();
        if (!Enum.IsDefined(type))
        {
            throw new InvalidDataException($"value '{name}' has unknown data type {(int)type}");
        }

        var shape = ReadArray(r, r.ReadInt32);
        return (name, type, shape);
    }

    private static void WriteNode(BinaryWriter w, Node node)
    {
        w.Write(node.Name);
        w.Write(node.OpType);
        w.Write(node.Inputs.Count);
        node.Inputs.ToList().ForEach(w.Write);
        w.Write(node.Output);
        w.Write(node.Attributes.Count);
        foreach (var (key, value) in node.Attributes)
        {
            w.Write(key);
            switch (value)
            {
                case int i:
                    w.Write((byte)AttributeKind.Int);
                    w.Write(i);
                    break;
                case int[] ints:
                    w.Write((byte)AttributeKind.Ints);
                    w.Write(ints.Length);
                    Array.ForEach(ints, w.Write);
                    break;
                case float f:
                    w.Write((byte)AttributeKind.Float);
                    w.Write(f);
                    break;
                case string s:
                    w.Write((byte)AttributeKind.String);
                    w.Write(s);
                    break;
                default:
                    throw new InvalidOperationException($"Attribute '{key}' of node '{node.Name}' has an unsupported type.");
            }
        }
    }

    private static Node ReadNode(BinaryReader r)
    {
        var name = r.ReadString();
        var opType = r.ReadString();
        var inputs = ReadList(r, r.ReadString);
        var output = r.ReadString();
        var attributes = new NodeAttributes();
        var count = ReadCount(r);
        for (var i = 0; i < count; i++)
        {
            var key = r.ReadString();
            var kind = (AttributeKind)r.ReadByte();
            attributes.Set(key, kind switch
            {
                AttributeKind.Int => r.ReadInt32(),
                AttributeKind.Ints => ReadArray(r, r.ReadInt32),
                AttributeKind.Float => r.ReadSingle(),
                AttributeKind.String => r.ReadString(),
                _ => throw new InvalidDataException($"node '{name}' attribute '{key}' has unknown kind {(int)kind}"),
            });
        }

        return new Node(name, opType, inputs, output, attributes);
    }

    private static List<T> ReadList<T>(BinaryReader r, Func<T> read)
    {
        var count = ReadCount(r);
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(read());
        }

        return list;
    }

    private static T[] ReadArray<T>(BinaryReader r, Func<T> read) => [.. ReadList(r, read)];

    /// <summary>A count prefix; anything past what a sane model holds means corruption, not a huge model.</summary>
    private static int ReadCount(BinaryReader r)
    {
        const int maxCount = 1 << 20;
        var count = r.ReadInt32();
        return count is >= 0 and <= maxCount ? count : throw new InvalidDataException($"count {count} is out of range");
    }

    private static long Align(long bytes) => (bytes + WeightAlignmentBytes - 1) / WeightAlignmentBytes * WeightAlignmentBytes;

    private static void Pad(Stream stream, long bytes)
    {
        for (var i = 0; i < bytes; i++)
        {
            stream.WriteByte(0);
        }
    }
}
