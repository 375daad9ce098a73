using Toolkit.Kernels.Convolution.Internal;
using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Gemm.Internal;

namespace Toolkit.Kernels.Convolution;

/// <summary>
/// A dense convolution with its weights packed for one ISA tier (from <see cref="Conv2d.Prepare"/>). Runs allocate
/// nothing after the first on each thread: im2col blocks go to per-thread scratch that is reused.
/// </summary>
public sealed unsafe class PreparedConv2d : IDisposable
{
    private readonly PackedMatrix weights;

    internal PreparedConv2d(Conv2dGeometry geometry, PackedMatrix weights)
    {
        Geometry = geometry;
        this.weights = weights;
    }

    public Conv2dGeometry Geometry { get; }

    /// <summary>The tier the weights were packed for; runs need a <see cref="CpuContext"/> of this tier.</summary>
    public Isa Isa => weights.Isa;

    /// <summary>Input floats: InputHeight × InputWidth × InChannels.</summary>
    public int InputLength => Geometry.InputHeight * Geometry.InputWidth * Geometry.InChannels;

    /// <summary>Output floats: OutputHeight × OutputWidth × OutChannels.</summary>
    public int OutputLength => Geometry.OutputHeight * Geometry.OutputWidth * Geometry.OutChannels;

    /// <summary>Packed weight bytes, padding included (for the memory plan).</summary>
    public long PackedWeightBytes => weights.LengthFloats * sizeof(float);

    /// <summary>output = act(conv(input) + bias), NHWC in and out.</summary>
    /// <param name="bias">Empty for none, else OutChannels values.</param>
    /// <exception cref="ArgumentException">Wrong buffer lengths, or a context of another tier than the weights.</exception>
    /// <exception cref="NotSupportedException">The fused epilogue does not support <paramref name="activation"/> yet.</exception>
    public void Run(CpuContext cpu, ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> bias = default, Activation activation = Activation.None)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        GemmArguments.CheckTier(cpu, weights);
        Require(input.Length == InputLength, nameof(input), InputLength, input.Length);
        Require(output.Length == OutputLength, nameof(output), OutputLength, output.Length);
        Require(bias.IsEmpty || bias.Length == Geometry.OutChannels, nameof(bias), Geometry.OutChannels, bias.Length);

        var g = Geometry;
        fixed (float* pInput = input, pOutput = output, pBias = bias)
        {
            var biasPointer = bias.IsEmpty ? null : pBias;
            var pixels = g.OutputHeight * g.OutputWidth;
            if (g.IsPointwise)
            {
                GemmDispatch.Run(cpu, pixels, new DenseRows(pInput, g.InChannels), weights.Panels, pOutput, g.OutChannels, biasPointer, activation);
            }
            else
            {
                GemmDispatch.Run(cpu, pixels, new Im2colRows(pInput, g), weights.Panels, pOutput, g.OutChannels, biasPointer, activation);
            }
        }
    }

    public void Dispose() => weights.Dispose();

    private void Require(bool condition, string name, int expected, int received)
    {
        if (!condition)
        {
            throw new ArgumentException($"Convolution {Geometry}: '{name}' needs {expected} floats; received {received}.", name);
        }
    }
}
