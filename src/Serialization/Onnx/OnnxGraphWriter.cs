using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Proto;

namespace Toolkit.Serialization.Onnx;

/// <summary>
/// Translates our nodes one by one into ONNX nodes, tracking for each value whether its ONNX form is NCHW (a
/// transposed 4-D image) or the same layout as ours.
/// </summary>
internal sealed partial class OnnxGraphWriter
{
    private static readonly long[] ToNchw = [0, 3, 1, 2];
    private static readonly long[] ToNhwc = [0, 2, 3, 1];

    private readonly ModelGraph source;
    private readonly IReadOnlyDictionary<string, int[]> shapes;
    private readonly GraphProto graph = new();
    private readonly Dictionary<string, (string Name, bool Nchw)> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> usedNames = new(StringComparer.Ordinal);

    public OnnxGraphWriter(ModelGraph source)
    {
        this.source = source;
        shapes = ShapeInference.Infer(source);
        graph.Name = source.Name;
        foreach (var input in source.Inputs)
        {
            graph.Input.Add(OnnxExporter.ValueInfo(input.Name, input.DataType, input.Shape));
            values[input.Name] = (input.Name, false);
            usedNames.Add(input.Name);
        }
    }

    public void Translate(Node node)
    {
        var a = node.Attributes;
        switch (node.OpType)
        {
            case OpTypes.Conv2d:
                var weights = OnnxWeights.ConvolutionOihw(source.Initializers[node.Inputs[1]]);
                var inputs = new List<string> { Nchw(node.Inputs[0]), Constant($"{node.Inputs[1]}/oihw", weights) };
                if (node.OptionalInput(2) is { } bias)
                {
                    inputs.Add(Constant(bias, source.Initializers[bias]));
                }

                var conv = Emit("Conv", inputs, a.Activation == Activation.None ? node.Output : UniqueName($"{node.Output}/conv"), true, Ints("kernel_shape", a.Ints("kernel")), Ints("strides", a.Ints("strides")), Ints("pads", a.Ints("pads")), Int("group", a.Int("group", 1)));
                Activate(node, conv, true);
                break;
            case OpTypes.BatchNorm:
                var image = shapes[node.Inputs[0]].Length == 4;
                Emit("BatchNormalization", [image ? Nchw(node.Inputs[0]) : Nhwc(node.Inputs[0]), .. node.Inputs.Skip(1).Select(ConstantOf)], node.Output, image, Float("epsilon", a.Float("epsilon", 1e-3f)));
                break;
            case OpTypes.Activation:
                var (name, nchw) = values[node.Inputs[0]];
                Activate(node, name, nchw);
                break;
            case OpTypes.GlobalAveragePool:
                Emit("GlobalAveragePool", [Nchw(node.Inputs[0])], node.Output, true);
                break;
            case OpTypes.Reshape:
                var shape = Tensor.From<long>([.. shapes[node.Output].Select(d => (long)d)], shapes[node.Output].Length);
                Emit("Reshape", [Nhwc(node.Inputs[0]), Constant($"{node.Output}/shape", shape)], node.Output, false);
                break;
            case OpTypes.Dense:
                var product = Emit("MatMul", [Nhwc(node.Inputs[0]), ConstantOf(node.Inputs[1])], node.OptionalInput(2) is null && a.Activation == Activation.None ? node.Output : UniqueName($"{node.Output}/matmul"), false);
                if (node.OptionalInput(2) is { } denseBias)
                {
                    product = Emit("Add", [product, ConstantOf(denseBias)], a.Activation == Activation.None ? node.Output : UniqueName($"{node.Output}/add"), false);
                }

                Activate(node, product, false);
                break;
            case OpTypes.Softmax:
                Emit("Softmax", [Nhwc(node.Inputs[0])], node.Output, false, Int("axis", -1));
                break;
            case OpTypes.MaxPool or OpTypes.AveragePool:
                Pool(node);
                break;
            case OpTypes.Concat:
                Concat(node);
                break;
            case OpTypes.Upsample:
                Upsample(node);
                break;
            case OpTypes.Add or OpTypes.Mul:
                Elementwise(node);
                break;
            case OpTypes.YoloDetect:
                YoloDetect(node);
                break;
            case OpTypes.Embedding:
                Embedding(node);
                break;
            case OpTypes.LayerNorm:
                LayerNorm(node);
                break;
            case OpTypes.MultiHeadAttention:
                MultiHeadAttention(node);
                break;
            case OpTypes.Tanh:
                Emit("Tanh", [Nhwc(node.Inputs[0])], node.Output, false);
                break;
            case OpTypes.Slice:
                Slice(node);
                break;
            default:
                throw new NotSupportedException($"ONNX export does not know op type '{node.OpType}' (node '{node.Name}').");
        }
    }

    public GraphProto Finish()
    {
        foreach (var output in source.Outputs)
        {
            var (name, nchw) = values[output];
            if (nchw && name == output)
            {
                // The node wrote the output's own name in NCHW: give that value another name so the transpose back
                // to our layout can take the output's name.
                name = RenameValue(output, UniqueName($"{output}/nchw"));
            }

            if (nchw || name != output)
            {
                Emit(nchw ? "Transpose" : "Identity", [name], output, false, nchw ? Ints("perm", ToNhwc) : null);
            }

            graph.Output.Add(OnnxExporter.ValueInfo(output, DataType.Float32, shapes[output]));
        }

        return graph;
    }

    /// <summary>Renames a value everywhere the ONNX graph writes or reads it.</summary>
    private string RenameValue(string from, string to)
    {
        foreach (var proto in graph.Node)
        {
            for (var i = 0; i < proto.Output.Count; i++)
            {
                proto.Output[i] = proto.Output[i] == from ? to : proto.Output[i];
            }

            for (var i = 0; i < proto.Input.Count; i++)
            {
                proto.Input[i] = proto.Input[i] == from ? to : proto.Input[i];
            }
        }

        return to;
    }

    /// <summary>Appends the node's fused activation (if any) after <paramref name="input"/>, naming the last ONNX value after the node.</summary>
    private void Activate(Node node, string input, bool nchw)
    {
        var activation = node.Attributes.Activation;
        if (activation == Activation.None)
        {
            values[node.Output] = (input, nchw);
            return;
        }

        var output = node.Output;
        switch (activation)
        {
            case Activation.Relu:
                Emit("Relu", [input], output, nchw);
                break;
            case Activation.Relu6:
                Emit("Clip", [input, Scalar($"{output}/min", 0f), Scalar($"{output}/max", 6f)], output, nchw);
                break;
            case Activation.Silu:
                Emit("Mul", [input, Emit("Sigmoid", [input], UniqueName($"{output}/sigmoid"), nchw)], output, nchw);
                break;
            case Activation.Sigmoid:
                Emit("Sigmoid", [input], output, nchw);
                break;
            case Activation.Gelu:
                // Exact GELU: x · ½ · (1 + erf(x / √2)). Opset 17 has no Gelu operator; ONNX Runtime fuses this pattern.
                var scaled = Emit("Div", [input, Scalar($"{output}/sqrt2", MathF.Sqrt(2f))], UniqueName($"{output}/div"), nchw);
                var erf = Emit("Erf", [scaled], UniqueName($"{output}/erf"), nchw);
                var onePlus = Emit("Add", [erf, Scalar($"{output}/one", 1f)], UniqueName($"{output}/add"), nchw);
                var half = Emit("Mul", [input, Scalar($"{output}/half", 0.5f)], UniqueName($"{output}/half_x"), nchw);
                Emit("Mul", [half, onePlus], output, nchw);
                break;
            default:
                throw new NotSupportedException($"ONNX export does not know activation {activation} (node '{node.Name}').");
        }
    }

    /// <summary>Adds an ONNX node writing <paramref name="output"/> and records it as the ONNX form of that value.</summary>
    private string Emit(string opType, IEnumerable<string> inputs, string output, bool nchw, params AttributeProto?[] attributes)
    {
        var proto = new NodeProto { OpType = opType, Name = UniqueName($"{output}/{opType}") };
        proto.Input.AddRange(inputs);
        proto.Output.Add(output);
        proto.Attribute.AddRange(attributes.OfType<AttributeProto>());
        graph.Node.Add(proto);
        usedNames.Add(output);
        values[output] = (output, nchw);
        return output;
    }

    /// <summary>The ONNX name of a 4-D image value in NCHW, inserting a transpose the first time it is needed.</summary>
    private string Nchw(string value)
    {
        var (name, nchw) = values[value];
        if (nchw)
        {
            return name;
        }

        var transposed = UniqueName($"{value}/nchw");
        Emit("Transpose", [name], transposed, true, Ints("perm", ToNchw));
        values[value] = (transposed, true);
        return transposed;
    }

    /// <summary>The ONNX name of a value in our own (NHWC) layout, transposing back from NCHW when needed.</summary>
    private string Nhwc(string value)
    {
        var (name, nchw) = values[value];
        return nchw ? Emit("Transpose", [name], UniqueName($"{value}/nhwc"), false, Ints("perm", ToNhwc)) : name;
    }

    private string ConstantOf(string initializer) => Constant(initializer, source.Initializers[initializer]);

    private string Constant(string name, Tensor tensor)
    {
        if (usedNames.Add(name))
        {
            graph.Initializer.Add(OnnxExporter.ToTensorProto(name, tensor));
        }

        return name;
    }

    private string Scalar(string name, float value) => Constant(name, Tensor.From<float>([value]));

    private string UniqueName(string name)
    {
        var candidate = name;
        for (var i = 1; usedNames.Contains(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }

        usedNames.Add(candidate);
        return candidate;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static AttributeProto Ints(string name, IEnumerable<int> values) => Ints(name, values.Select(v => (long)v));
}
