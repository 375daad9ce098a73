using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using static TorchSharp.torch;
using Functional = TorchSharp.torch.nn.functional;

namespace Toolkit.Bench.TorchSharp.Internal;

/// <summary>
/// A graph translated node by node into libtorch calls: weights become libtorch tensors once, in the layouts libtorch
/// wants (OIHW convolution weights, [N, K] dense weights), and each node becomes one step that reads earlier values by
/// name. Eager execution, as a PyTorch user's <c>model(x)</c> under <c>inference_mode</c> runs.
/// </summary>
internal sealed class TorchProgram : IDisposable
{
    private readonly List<(string Output, Func<Func<string, Tensor>, Tensor> Run)> steps = [];
    private readonly Dictionary<string, Tensor> constants = new(StringComparer.Ordinal);
    private readonly List<IDisposable> owned = [];

    private TorchProgram()
    {
    }

    public static TorchProgram Compile(ModelGraph graph)
    {
        if (graph.Prepacked.Count > 0)
        {
            throw new GraphException($"Graph '{graph.Name}' holds {graph.Prepacked.Count} weights packed for one tier (a mapped model file); the torchsharp engine needs plain weights: read the file with ModelFile.Read.");
        }

        var shapes = ShapeInference.Infer(graph);
        var program = new TorchProgram();
        try
        {
            foreach (var node in graph.Nodes)
            {
                program.steps.Add((node.Output, program.Translate(node, graph, shapes)));
            }

            return program;
        }
        catch
        {
            program.Dispose();
            throw;
        }
    }

    /// <summary>Runs every step; the graph's inputs are given by name, and every value is left in the caller's dispose scope.</summary>
    public Dictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var values = new Dictionary<string, Tensor>(inputs, StringComparer.Ordinal);
        Tensor Value(string name) => values.TryGetValue(name, out var value) ? value : constants[name];
        foreach (var (output, run) in steps)
        {
            values[output] = run(Value);
        }

        return values;
    }

    public void Dispose()
    {
        foreach (var tensor in constants.Values)
        {
            tensor.Dispose();
        }

        foreach (var item in owned)
        {
            item.Dispose();
        }
    }

    private Func<Func<string, Tensor>, Tensor> Translate(Node node, ModelGraph graph, IReadOnlyDictionary<string, int[]> shapes)
    {
        var a = node.Attributes;
        var x = node.Inputs[0];
        switch (node.OpType)
        {
            case OpTypes.Conv2d:
            {
                var weights = Constant(node, graph, 1, SpatialOps.ConvolutionWeights);
                var bias = OptionalConstant(node, graph, 2);
                var activation = a.Activation;
                return v => Activate(SpatialOps.Convolution(v(x), weights, bias, node), activation);
            }

            case OpTypes.Dense:
            {
                // libtorch's linear multiplies by the transpose of an [N, K] weight; the graph stores [K, N].
                var weights = Constant(node, graph, 1, w => w.t().contiguous());
                var bias = OptionalConstant(node, graph, 2);
                var activation = a.Activation;
                return v => Activate(Functional.linear(v(x), weights, bias), activation);
            }

            case OpTypes.BatchNorm:
            {
                var (scale, shift, mean, variance) = (Constant(node, graph, 1), Constant(node, graph, 2), Constant(node, graph, 3), Constant(node, graph, 4));
                // TensorFlow's default, which the kernels engine assumes too when a node sets none.
                var epsilon = a.Float("epsilon", 1e-3f);
                return v => SpatialOps.BatchNorm(v(x), scale, shift, mean, variance, epsilon);
            }

            case OpTypes.Activation:
            {
                var activation = a.Activation;
                return v => Activate(v(x), activation, inPlace: false);
            }

            case OpTypes.GlobalAveragePool:
                return v => v(x).mean([1, 2], keepdim: true);
            case OpTypes.Reshape:
            {
                long[] shape = [.. a.Ints("shape").Select(d => (long)d)];
                return v => v(x).reshape(shape);
            }

            case OpTypes.Softmax:
                return v => v(x).softmax(-1);
            case OpTypes.MaxPool:
                return v => SpatialOps.MaxPool(v(x), node);
            case OpTypes.AveragePool:
            {
                var realFraction = SpatialOps.RealFraction(node, shapes[x]);
                if (realFraction is not null)
                {
                    owned.Add(realFraction);
                }

                return v => SpatialOps.AveragePool(v(x), node, realFraction);
            }

            case OpTypes.Concat:
            {
                var axis = a.Int("axis");
                var inputs = node.Inputs.ToArray();
                return v => cat([.. inputs.Select(v)], axis);
            }

            case OpTypes.Upsample:
            {
                var factor = a.Int("factor");
                return v => SpatialOps.Upsample(v(x), factor);
            }

            case OpTypes.Add:
                return v => v(x).add(v(node.Inputs[1]));
            case OpTypes.Mul:
                return v => v(x).mul(v(node.Inputs[1]));
            case OpTypes.YoloDetect:
            {
                var s = shapes[x];
                var decode = new YoloDecode(s[1], s[2], [.. a.Ints("anchors").Select(p => (float)p)], a.Int("stride"), s[3]);
                owned.Add(decode);
                return v => decode.Run(v(x));
            }

            case OpTypes.Embedding:
            {
                var (words, positions, segments) = (Constant(node, graph, 2), Constant(node, graph, 3), Constant(node, graph, 4));
                var segmentIds = node.Inputs[1];
                return v => TransformerOps.Embedding(v(x), v(segmentIds), words, positions, segments);
            }

            case OpTypes.LayerNorm:
            {
                var (gamma, beta) = (Constant(node, graph, 1), Constant(node, graph, 2));
                // BERT's epsilon, which the kernels engine assumes too when a node sets none.
                var epsilon = a.Float("epsilon", 1e-12f);
                return v => TransformerOps.LayerNorm(v(x), gamma, beta, epsilon);
            }

            case OpTypes.MultiHeadAttention:
            {
                var heads = a.Int("heads");
                var mask = node.Inputs[1];
                return v => TransformerOps.SelfAttention(v(x), v(mask), heads);
            }

            case OpTypes.Tanh:
                return v => v(x).tanh();
            case OpTypes.Slice:
            {
                var (axis, start, end) = (a.Int("axis"), a.Int("start"), a.Int("end"));
                return v => TransformerOps.Slice(v(x), axis, start, end);
            }

            default:
                throw new GraphException($"Node '{node.Name}' has op type '{node.OpType}', which the torchsharp engine does not translate.");
        }
    }

    /// <summary>Activations fused into a convolution or dense node run in place on its fresh output, as torchvision's ReLU(inplace=True).</summary>
    private static Tensor Activate(Tensor x, Activation activation, bool inPlace = true) => activation switch
    {
        Activation.None => x,
        Activation.Relu => Functional.relu(x, inPlace),
        Activation.Relu6 => Functional.relu6(x, inPlace),
        Activation.Silu => Functional.silu(x, inPlace),
        Activation.Sigmoid => Functional.sigmoid(x, inPlace),
        Activation.Gelu => Functional.gelu(x),
        _ => throw new GraphException($"Activation {activation} has no libtorch translation."),
    };

    private Tensor Constant(Node node, ModelGraph graph, int index, Func<Tensor, Tensor>? prepare = null)
    {
        var name = node.Inputs[index];
        if (!graph.Initializers.TryGetValue(name, out var weight))
        {
            throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {index} '{name}' must be a weight (an initializer) for the torchsharp engine.");
        }

        var key = prepare is null ? name : $"{name}#{node.OpType}";
        if (!constants.TryGetValue(key, out var tensor))
        {
            tensor = TensorTransfer.ToTorch(weight, name);
            if (prepare is not null)
            {
                using var plain = tensor;
                tensor = prepare(plain);
            }

            constants[key] = tensor;
        }

        return tensor;
    }

    private Tensor? OptionalConstant(Node node, ModelGraph graph, int index) =>
        node.OptionalInput(index) is null ? null : Constant(node, graph, index);
}
