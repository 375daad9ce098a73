using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>
/// Builds the bytes of an ONNX model (IR 8) in a test: graph inputs with fixed or symbolic dimensions, initializers as
/// raw_data (seeded random weights or given values), nodes with attributes, graph outputs and the opset imports.
/// Field numbers are onnx.proto's: ModelProto ir_version 1, producer_name 2, graph 7, opset_import 8; GraphProto node 1,
/// name 2, initializer 5, input 11, output 12; NodeProto input 1, output 2, name 3, op_type 4, attribute 5, domain 7.
/// </summary>
internal sealed class OnnxBuilder(int opset = 13, ulong seed = 1)
{
    private readonly ProtoMessage graph = new ProtoMessage().String(2, "test");
    private readonly List<(string Domain, long Version)> opsets = [("", opset)];
    private readonly SeededRandom random = new(seed);
    private int nodeCount;

    /// <summary>A FLOAT graph input; each dimension is an int (dim_value) or a string (dim_param).</summary>
    public OnnxBuilder Input(string name, params object[] dims) => TypedInput(name, OnnxTensor.FloatType, dims);

    public OnnxBuilder TypedInput(string name, int elementType, params object[] dims)
    {
        var shape = new ProtoMessage();
        foreach (var dim in dims)
        {
            shape.Message(1, dim is string param ? new ProtoMessage().String(2, param) : new ProtoMessage().Varint(1, (int)dim));
        }

        graph.Message(11, ValueInfo(name, elementType, shape));
        return this;
    }

    /// <summary>A graph output, typed but without a shape (ONNX Runtime infers it).</summary>
    public OnnxBuilder Output(string name, int elementType = OnnxTensor.FloatType)
    {
        graph.Message(12, ValueInfo(name, elementType, null));
        return this;
    }

    public string Initializer(string name, ProtoMessage tensor)
    {
        graph.Message(5, tensor);
        return name;
    }

    public string Constant(string name, float[] values, params int[] dims) => Initializer(name, OnnxTensor.Floats(name, values, dims));

    public string Constant(string name, long[] values, params int[] dims) => Initializer(name, OnnxTensor.Int64s(name, values, dims));

    /// <summary>Seeded weights uniform in [−<paramref name="scale"/>, <paramref name="scale"/>).</summary>
    public string Weights(string name, int[] dims, float scale = 0.5f) => Constant(name, Random(dims, -scale, scale), dims);

    /// <summary>Seeded values uniform in [<paramref name="low"/>, <paramref name="high"/>) (a batch norm's variance, say).</summary>
    public float[] Random(int[] dims, float low, float high)
    {
        var values = new float[dims.Aggregate(1, (a, d) => a * d)];
        random.Fill(values, low, high);
        return values;
    }

    /// <summary>Adds a node named <c>{opType}_{index}</c> (or <paramref name="name"/>); returns its first output.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<ProtoMessage>? attributes = null, string? name = null, string domain = "")
    {
        var node = new ProtoMessage();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, name ?? $"{opType}_{nodeCount}").String(4, opType);
        foreach (var attribute in attributes ?? [])
        {
            node.Message(5, attribute);
        }

        if (domain.Length > 0)
        {
            node.String(7, domain);
        }

        nodeCount++;
        graph.Message(1, node);
        return outputs[0];
    }

    /// <summary>A node writing one output named <paramref name="output"/>.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, string output, params ProtoMessage[] attributes) =>
        Node(opType, inputs, [output], attributes);

    public OnnxBuilder Opset(string domain, long version)
    {
        opsets.Add((domain, version));
        return this;
    }

    public byte[] Build()
    {
        var model = new ProtoMessage().Varint(1, 8).String(2, "Toolkit.Bootstrap.Tests");
        foreach (var (domain, version) in opsets)
        {
            model.Message(8, new ProtoMessage().String(1, domain).Varint(2, version));
        }

        return model.Message(7, graph).ToArray();
    }

    /// <summary>ValueInfoProto (name 1, type 2) of TypeProto (tensor_type 1) of TypeProto.Tensor (elem_type 1, shape 2).</summary>
    private static ProtoMessage ValueInfo(string name, int elementType, ProtoMessage? shape)
    {
        var tensor = new ProtoMessage().Varint(1, elementType);
        if (shape is not null)
        {
            tensor.Message(2, shape);
        }

        return new ProtoMessage().String(1, name).Message(2, new ProtoMessage().Message(1, tensor));
    }
}
