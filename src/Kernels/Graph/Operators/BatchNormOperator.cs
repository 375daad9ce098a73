using Toolkit.Kernels.Graph.Execution;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Inference batch normalization over the last (channel) axis: inputs x, scale γ, bias β, mean μ, variance σ².
/// Compiled to y = a·x + b per channel; after a convolution the optimizer folds it into the weights instead.
/// </summary>
internal sealed class BatchNormOperator : IOperator
{
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

    public IStep Compile(Node node, StepContext context)
    {
        var (scale, shift) = Coefficients(node, context.Constant(1), context.Constant(2), context.Constant(3), context.Constant(4));
        return new Step(context.Input(0), context.Output, scale, shift);
    }

    /// <summary>The per-channel a = γ/√(σ²+ε) and b = β − μ·a of a batch normalization.</summary>
    public static (float[] Scale, float[] Shift) Coefficients(Node node, float[] gamma, float[] beta, float[] mean, float[] variance)
    {
        var epsilon = node.Attributes.Float("epsilon", 1e-3f);
        var scale = new float[gamma.Length];
        var shift = new float[gamma.Length];
        for (var c = 0; c < gamma.Length; c++)
        {
            var a = gamma[c] / Math.Sqrt(variance[c] + (double)epsilon);
            scale[c] = (float)a;
            shift[c] = (float)(beta[c] - (mean[c] * a));
        }

        return (scale, shift);
    }

    private sealed class Step(BufferSlice input, BufferSlice output, float[] scale, float[] shift) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var y = arena[output];
            Ops.Ops.MultiplyBroadcast(cpu, arena[input], scale, y);
            Ops.Ops.AddBroadcast(cpu, y, shift, y);
        }
    }
}
