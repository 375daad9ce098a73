using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Zoo;

/// <summary>
/// Builds the layers the zoo's models share, with seeded weights: convolution + batch norm + activation as a framework
/// would export them (the optimizer folds them later), dense layers, and pooling. Weights are He-uniform, so activations
/// keep a stable scale through deep stacks and the outputs are realistic rather than saturated.
/// </summary>
public sealed class LayerBuilder(GraphBuilder graph, SeededRandom random)
{
    /// <summary>TensorFlow's default batch-norm epsilon.</summary>
    public const float BatchNormEpsilon = 1e-3f;

    public GraphBuilder Graph => graph;

    /// <summary>
    /// Conv2d (no bias) → BatchNorm → activation over an NHWC value of shape <paramref name="inputShape"/>; TensorFlow
    /// SAME padding. Returns the output name and its shape.
    /// </summary>
    public (string Output, int[] Shape) ConvBatchNorm(string input, int[] inputShape, int outChannels, int kernelHeight, int kernelWidth, int stride, Activation activation, bool depthwise = false, string? name = null)
    {
        var g = Conv2dGeometry.Same(inputShape[1], inputShape[2], inputShape[3], outChannels, kernelHeight, kernelWidth, stride);
        return ConvBatchNorm(input, inputShape, outChannels, kernelHeight, kernelWidth, stride, [g.PadTop, g.PadLeft, g.PadBottom, g.PadRight], activation, depthwise, name);
    }

    /// <summary>
    /// Conv2d (no bias) → BatchNorm → activation with explicit padding [top, left, bottom, right]: zeros for TensorFlow's
    /// VALID, k/2 on every side for PyTorch's symmetric padding.
    /// </summary>
    public (string Output, int[] Shape) ConvBatchNorm(string input, int[] inputShape, int outChannels, int kernelHeight, int kernelWidth, int stride, int[] pads, Activation activation, bool depthwise = false, string? name = null)
    {
        var inChannels = inputShape[3];
        var groups = depthwise ? inChannels : 1;
        outChannels = depthwise ? inChannels : outChannels;
        var g = new Conv2dGeometry(inputShape[1], inputShape[2], inChannels, outChannels, kernelHeight, kernelWidth, stride, stride, pads[0], pads[1], pads[2], pads[3], groups);
        name ??= graph.UniqueName(depthwise ? "dwconv" : "conv");
        var weights = HeUniform(kernelHeight * kernelWidth * (inChannels / groups), kernelHeight, kernelWidth, inChannels / groups, outChannels);
        var conv = graph.Add(OpTypes.Conv2d, [input, graph.Initializer($"{name}/weights", weights)], ConvAttributes(g), name);
        var output = BatchNorm(conv, outChannels, $"{name}/bn");
        if (activation != Activation.None)
        {
            output = graph.Add(OpTypes.Activation, [output], new NodeAttributes { { "activation", activation.ToString() } }, $"{name}/{activation.ToString().ToLowerInvariant()}");
        }

        return (output, [inputShape[0], g.OutputHeight, g.OutputWidth, outChannels]);
    }

    /// <summary>A 1×1 convolution with the given bias and no batch norm, as a detection head's output layer.</summary>
    public (string Output, int[] Shape) PointwiseConvWithBias(string input, int[] inputShape, int outChannels, float[] bias, string name)
    {
        var g = new Conv2dGeometry(inputShape[1], inputShape[2], inputShape[3], outChannels, 1, 1);
        var weights = HeUniform(inputShape[3], 1, 1, inputShape[3], outChannels);
        var output = graph.Add(OpTypes.Conv2d, [input, graph.Initializer($"{name}/weights", weights), graph.Initializer($"{name}/biases", Tensor.From<float>(bias, outChannels))], ConvAttributes(g), name);
        return (output, [inputShape[0], g.OutputHeight, g.OutputWidth, outChannels]);
    }

    /// <summary>MaxPool or AveragePool (<paramref name="opType"/>) with a square window and explicit padding [top, left, bottom, right].</summary>
    public (string Output, int[] Shape) Pool(string opType, string input, int[] inputShape, int kernel, int stride, int[] pads, string name)
    {
        var g = new PoolGeometry(inputShape[1], inputShape[2], inputShape[3], kernel, kernel, stride, stride, pads[0], pads[1], pads[2], pads[3]);
        var output = graph.Add(opType, [input], new NodeAttributes
        {
            { "kernel", new[] { kernel, kernel } },
            { "strides", new[] { stride, stride } },
            { "pads", pads },
        }, name);
        return (output, [inputShape[0], g.OutputHeight, g.OutputWidth, inputShape[3]]);
    }

    /// <summary>Concatenates NHWC values along channels.</summary>
    public (string Output, int[] Shape) ConcatChannels(IReadOnlyList<(string Output, int[] Shape)> parts, string name)
    {
        var output = graph.Add(OpTypes.Concat, [.. parts.Select(p => p.Output)], new NodeAttributes { { "axis", 3 } }, name);
        return (output, [.. parts[0].Shape[..3], parts.Sum(p => p.Shape[3])]);
    }

    /// <summary>Inference batch norm with plausible trained statistics: γ near 1, small β and μ, σ² near 1.</summary>
    public string BatchNorm(string input, int channels, string name)
    {
        string Parameter(string suffix, float low, float high)
        {
            var values = new float[channels];
            random.Fill(values, low, high);
            return graph.Initializer($"{name}/{suffix}", Tensor.From<float>(values, channels));
        }

        var gamma = Parameter("gamma", 0.8f, 1.2f);
        var beta = Parameter("beta", -0.1f, 0.1f);
        var mean = Parameter("moving_mean", -0.1f, 0.1f);
        var variance = Parameter("moving_variance", 0.5f, 1.5f);
        return graph.Add(OpTypes.BatchNorm, [input, gamma, beta, mean, variance], new NodeAttributes { { "epsilon", BatchNormEpsilon } }, name);
    }

    /// <summary>x[..., K] · W[K, N] + B[N].</summary>
    public string Dense(string input, int inFeatures, int outFeatures, Activation activation, string name)
    {
        var weights = HeUniform(inFeatures, inFeatures, outFeatures);
        var bias = new float[outFeatures];
        random.Fill(bias, -0.1f, 0.1f);
        var attributes = new NodeAttributes();
        if (activation != Activation.None)
        {
            attributes.Set("activation", activation.ToString());
        }

        return graph.Add(OpTypes.Dense, [input, graph.Initializer($"{name}/weights", weights), graph.Initializer($"{name}/biases", Tensor.From<float>(bias, outFeatures))], attributes, name);
    }

    private static NodeAttributes ConvAttributes(Conv2dGeometry g) => new()
    {
        { "kernel", new[] { g.KernelHeight, g.KernelWidth } },
        { "strides", new[] { g.StrideHeight, g.StrideWidth } },
        { "pads", new[] { g.PadTop, g.PadLeft, g.PadBottom, g.PadRight } },
        { "group", g.Groups },
    };

    /// <summary>Weights uniform in ±√(6 / fan_in) (He et al.): keeps the variance of ReLU activations from layer to layer.</summary>
    private Tensor HeUniform(int fanIn, params int[] shape)
    {
        var limit = MathF.Sqrt(6f / fanIn);
        var tensor = Tensor.Zeros(DataType.Float32, shape);
        random.Fill(tensor.AsSpan<float>(), -limit, limit);
        return tensor;
    }
}
