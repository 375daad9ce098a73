using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Inference batch normalization over the last (channel) axis: inputs x, scale γ, bias β, mean μ, variance σ².
/// Compiled to y = a·x + b per channel; after a convolution the optimizer folds it into the weights instead.
/// </summary>
internal sealed class BatchNormOperator : IOperator
{
    /// <summary>TensorFlow's default epsilon, used when a node does not set one.</summary>
    public const float DefaultEpsilon = 1e-3f;

    public string OpType => OpTypes.BatchNorm;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 5, 5);
        var channels = inputShapes[0][^1];
        for (var i = 1; i < 5; i++)
        {
            if (inputShapes[i].Length != 1 || inputShapes[i][0] != channels)
            {
                throw new GraphException($"Node '{node.Name}' (BatchNorm): input {i} must be [{channels}], got [{string.Join(',', inputShapes[i])}].");
            }
        }

        return inputShapes[0];
    }

    /// <summary>
    /// y = a·x + b per channel, with a and b from folding the batch norm into an identity "weight" of ones:
    /// a = γ/√(σ²+ε) and b = β − μ·a.
    /// </summary>
    public IStep Compile(Node node, StepContext context)
    {
        var channels = context.InputShape(0)[^1];
        var scale = Enumerable.Repeat(1f, channels).ToArray();
        var shift = new float[channels];
        BatchNormFolding.Fold(scale, default, context.Constant(1), context.Constant(2), context.Constant(3), context.Constant(4),
            node.Attributes.Float("epsilon", DefaultEpsilon), scale, shift);
        return new Step(context.Input(0), context.Output, scale, shift);
    }

    private sealed class Step(BufferSlice input, BufferSlice output, float[] scale, float[] shift) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var y = arena[output];
            Primitives.MultiplyBroadcast(cpu, arena[input], scale, y);
            Primitives.AddBroadcast(cpu, y, shift, y);
        }
    }
}
