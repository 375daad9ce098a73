using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Quantized;

/// <summary>
/// Static post-training quantization of a float graph's convolutions. The graph is optimized first (batch norm folded,
/// activations fused), so each convolution quantizes with its bias and activation. Calibration runs the float graph on
/// the given inputs and records every convolution input's and output's range; then each dense or depthwise
/// convolution becomes a <see cref="OpTypes.QConv2d"/> with per-output-channel symmetric weights, and u8 values flow
/// between consecutive ones. A QuantizeLinear enters the int8 path where a float value meets a quantized convolution,
/// and a DequantizeLinear leaves it where a float operation (or a graph output) reads a quantized value, so the rest of
/// the graph (pooling, the classifier, softmax) stays float and the graph's inputs and outputs keep their types.
/// </summary>
public static class Int8Quantizer
{
    /// <summary>The suffix of a quantized value's name: <c>x</c> in u8 is <c>x/u8</c>.</summary>
    public const string QuantizedSuffix = "/u8";

    /// <summary>Quantizes <paramref name="graph"/> for <paramref name="tier"/>, calibrated on <paramref name="calibration"/> (each one inference's inputs).</summary>
    /// <param name="tier">The int8 tier the graph will run at: the vpmaddubsw tiers get 7-bit weights.</param>
    /// <exception cref="ArgumentException">No calibration inputs.</exception>
    public static ModelGraph Quantize(ModelGraph graph, IEnumerable<IReadOnlyList<Tensor>> calibration, Int8Isa tier = Int8Isa.Best)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var optimized = GraphOptimizer.Optimize(graph);
        var ranges = Calibrate(optimized, calibration);
        return Rewrite(optimized, ranges, Int8IsaSupport.NeedsNarrowWeights(Int8IsaSupport.Resolve(tier)) ? Int8IsaSupport.NarrowWeightMax : (sbyte)127);
    }

    /// <summary>The convolutions the int8 path takes: dense or depthwise, constant weights, an activation the clamp can fuse.</summary>
    public static bool IsQuantizable(Node node, ModelGraph graph) =>
        node.OpType == OpTypes.Conv2d
        && node.Attributes.Activation is Activation.None or Activation.Relu or Activation.Relu6
        && graph.Initializers.TryGetValue(node.Inputs[1], out var weights) && weights.Shape is [_, _, var cinPerGroup, var cout]
        && (node.Attributes.Int("group", 1) == 1 || (cinPerGroup == 1 && node.Attributes.Int("group", 1) == cout))
        && (node.OptionalInput(2) is not { } bias || graph.Initializers.ContainsKey(bias));

    /// <summary>The range of every quantizable convolution's input and output over the calibration inputs.</summary>
    public static IReadOnlyDictionary<string, (float Min, float Max)> Calibrate(ModelGraph optimized, IEnumerable<IReadOnlyList<Tensor>> calibration)
    {
        ArgumentNullException.ThrowIfNull(optimized);
        ArgumentNullException.ThrowIfNull(calibration);
        var observed = optimized.Nodes.Where(n => IsQuantizable(n, optimized)).SelectMany(n => new[] { n.Inputs[0], n.Output }).Distinct().ToList();
        var inputIndex = optimized.Inputs.Select((spec, i) => (spec.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var computed = observed.Where(name => !inputIndex.ContainsKey(name)).ToList();
        var probe = new ModelGraph(optimized.Name, optimized.Inputs, optimized.Nodes, optimized.Initializers, computed, optimized.Prepacked);
        using var cpu = CpuContext.Create();
        using var plan = ExecutionPlan.Create(probe, cpu);
        var outputs = plan.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToList();
        var ranges = observed.ToDictionary(name => name, _ => (Min: float.PositiveInfinity, Max: float.NegativeInfinity), StringComparer.Ordinal);
        var runs = 0;
        foreach (var inputs in calibration)
        {
            plan.Run(inputs, outputs);
            runs++;
            for (var i = 0; i < computed.Count; i++)
            {
                Widen(ranges, computed[i], outputs[i].AsSpan<float>());
            }

            foreach (var name in observed.Where(inputIndex.ContainsKey))
            {
                Widen(ranges, name, inputs[inputIndex[name]].AsSpan<float>());
            }
        }

        return runs > 0 ? ranges : throw new ArgumentException("Calibration needs at least one set of inputs.", nameof(calibration));
    }

    private static void Widen(Dictionary<string, (float Min, float Max)> ranges, string name, ReadOnlySpan<float> values)
    {
        var (min, max) = ranges[name];
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        ranges[name] = (min, max);
    }

    private static ModelGraph Rewrite(ModelGraph graph, IReadOnlyDictionary<string, (float Min, float Max)> ranges, sbyte weightMax)
    {
        var quantizable = graph.Nodes.Where(n => IsQuantizable(n, graph)).ToHashSet();
        var floatReaders = new HashSet<string>(graph.Outputs, StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            foreach (var input in quantizable.Contains(node) ? node.Inputs.Skip(1) : node.Inputs)
            {
                floatReaders.Add(input);
            }
        }

        var initializers = new Dictionary<string, Tensor>(graph.Initializers, StringComparer.Ordinal);
        var quantized = new HashSet<string>(StringComparer.Ordinal);
        var nodes = new List<Node>();
        QuantizationParameters Parameters(string name) => QuantizationParameters.FromRange(ranges[name].Min, ranges[name].Max);

        foreach (var node in graph.Nodes)
        {
            if (!quantizable.Contains(node))
            {
                nodes.Add(node);
                continue;
            }

            var (x, y) = (node.Inputs[0], node.Output);
            if (quantized.Add(x))
            {
                nodes.Add(new Node($"{x}/quantize", OpTypes.QuantizeLinear, [x], x + QuantizedSuffix, ScaleAttributes(Parameters(x), "")));
            }

            var (codes, scales) = QuantizeWeights(graph.Initializers[node.Inputs[1]], weightMax);
            initializers[node.Inputs[1] + "/codes"] = codes;
            initializers[node.Inputs[1] + "/scales"] = scales;
            var attributes = node.Attributes.Clone();
            foreach (var (name, value) in ScaleAttributes(Parameters(x), "x_").Concat(ScaleAttributes(Parameters(y), "y_")))
            {
                attributes.Set(name, value);
            }

            List<string> inputs = [x + QuantizedSuffix, node.Inputs[1] + "/codes", node.Inputs[1] + "/scales"];
            if (node.OptionalInput(2) is { } bias)
            {
                inputs.Add(bias);
            }

            nodes.Add(new Node(node.Name, OpTypes.QConv2d, inputs, y + QuantizedSuffix, attributes));
            quantized.Add(y);
            if (floatReaders.Contains(y))
            {
                nodes.Add(new Node($"{y}/dequantize", OpTypes.DequantizeLinear, [y + QuantizedSuffix], y, ScaleAttributes(Parameters(y), "")));
            }
        }

        // Weights only the float convolutions read are no longer needed.
        var read = nodes.SelectMany(n => n.Inputs).ToHashSet(StringComparer.Ordinal);
        foreach (var name in initializers.Keys.Where(k => !read.Contains(k)).ToList())
        {
            initializers.Remove(name);
        }

        return new ModelGraph(graph.Name, graph.Inputs, nodes, initializers, graph.Outputs, graph.Prepacked);
    }

    private static NodeAttributes ScaleAttributes(QuantizationParameters p, string prefix)
    {
        var attributes = new NodeAttributes();
        attributes.Set(prefix + "scale", p.Scale);
        attributes.Set(prefix + "zero_point", (int)p.ZeroPoint);
        return attributes;
    }

    /// <summary>HWIO weights as integer codes in [−weightMax, weightMax] with one symmetric scale per output channel (the last axis).</summary>
    private static (Tensor Codes, Tensor Scales) QuantizeWeights(Tensor weights, sbyte weightMax)
    {
        var w = weights.AsSpan<float>();
        var channels = weights.Shape[^1];
        var scales = new float[channels];
        for (var i = 0; i < w.Length; i++)
        {
            scales[i % channels] = Math.Max(scales[i % channels], Math.Abs(w[i]));
        }

        for (var c = 0; c < channels; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / weightMax : 1f;
        }

        var codes = new float[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            codes[i] = Math.Clamp(MathF.Round(w[i] / scales[i % channels], MidpointRounding.ToEven), -weightMax, weightMax);
        }

        return (Tensor.From<float>(codes, weights.Shape), Tensor.From<float>(scales, channels));
    }
}
