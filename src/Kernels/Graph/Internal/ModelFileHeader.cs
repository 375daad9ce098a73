using Toolkit.Kernels.Convolution.Internal;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Internal;

/// <summary>How a packed weight's panels hold it.</summary>
internal enum WeightForm : byte
{
    /// <summary>The weight itself as GEMM B (<see cref="PrepackedWeight.GemmShape"/>).</summary>
    Gemm = 0,

    /// <summary>A 3×3 kernel's Winograd F(2×2, 3×3) transform, [InChannels × 16 element blocks] (<see cref="PrepackedWeight.Winograd"/>).</summary>
    Winograd = 1,
}

/// <summary>
/// One stored weight: a dense tensor (<see cref="Layout"/> = <see cref="Isa.Best"/>) or a GEMM weight packed in the
/// panels of tier <see cref="Layout"/>, <see cref="PanelWidth"/> columns wide, as itself or as its Winograd transform
/// (<see cref="Form"/>). Offsets count from the data start.
/// </summary>
internal sealed record WeightEntry(string Name, DataType DataType, int[] Shape, long Offset, Isa Layout, int PanelWidth, WeightForm Form = WeightForm.Gemm)
{
    public bool IsPacked => Layout != Isa.Best;

    /// <summary>The packed matrix's [depth × columns].</summary>
    public (int Depth, int Columns) PackedShape => Form == WeightForm.Winograd
        ? WinogradF2x3.WeightShape(Shape, PanelWidth)
        : PrepackedWeight.GemmShape(Shape);

    public long ByteLength
    {
        get
        {
            if (!IsPacked)
            {
                return Tensor.ElementCount(Shape) * DataType.Size();
            }

            var (depth, columns) = PackedShape;
            return Gemm.PackedMatrix.PackedLength(depth, columns, PanelWidth) * sizeof(float);
        }
    }
}

/// <summary>The header of a model file: the graph's structure and the table of stored weights.</summary>
internal sealed record ModelFileHeader(string Name, List<TensorSpec> Inputs, List<string> Outputs, List<Node> Nodes, List<WeightEntry> Weights)
{
    private enum AttributeKind : byte
    {
        Int = 1,
        Ints = 2,
        Float = 3,
        String = 4,
    }

    public void Write(BinaryWriter w)
    {
        w.Write(Name);
        w.Write(Inputs.Count);
        foreach (var input in Inputs)
        {
            WriteSpec(w, input.Name, input.DataType, input.Shape);
        }

        w.Write(Outputs.Count);
        Outputs.ForEach(w.Write);
        w.Write(Nodes.Count);
        Nodes.ForEach(node => WriteNode(w, node));
        w.Write(Weights.Count);
        foreach (var entry in Weights)
        {
            WriteSpec(w, entry.Name, entry.DataType, entry.Shape);
            w.Write(entry.Offset);
            w.Write((byte)entry.Layout);
            w.Write(entry.PanelWidth);
            w.Write((byte)entry.Form);
        }
    }

    /// <exception cref="InvalidDataException">A field holds a value no writer produces.</exception>
    public static ModelFileHeader Read(BinaryReader r)
    {
        var name = r.ReadString();
        var inputs = ReadList(r, () => { var (n, t, s) = ReadSpec(r); return new TensorSpec(n, t, s); });
        var outputs = ReadList(r, r.ReadString);
        var nodes = ReadList(r, () => ReadNode(r));
        var weights = ReadList(r, () =>
        {
            var (weightName, type, shape) = ReadSpec(r);
            var offset = r.ReadInt64();
            var layout = (Isa)r.ReadByte();
            var panelWidth = r.ReadInt32();
            var form = (WeightForm)r.ReadByte();
            var packed = type == DataType.Float32 && shape.Length >= 1 && panelWidth > 0 &&
                (form == WeightForm.Gemm || (form == WeightForm.Winograd && WinogradF2x3.IsKernelShape(shape)));
            return Enum.IsDefined(layout) && offset >= 0 && (layout == Isa.Best ? form == WeightForm.Gemm : packed)
                ? new WeightEntry(weightName, type, shape, offset, layout, panelWidth, form)
                : throw new InvalidDataException($"weight '{weightName}' has an invalid layout ({(int)layout}, panel width {panelWidth}, form {(int)form}, offset {offset})");
        });
        return new ModelFileHeader(name, inputs, outputs, nodes, weights);
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
}
