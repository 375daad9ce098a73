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

    internal PreparedConv2d(Conv2dGeometry geometry, PackedMatrix weights, Conv2dInput input = Conv2dInput.Automatic)
    {
        Geometry = geometry;
        this.weights = weights;
        Input = Resolve(geometry, input, weights.Isa);
    }

    public Conv2dGeometry Geometry { get; }

    /// <summary>The tier the weights were packed for; runs need a <see cref="CpuContext"/> of this tier.</summary>
    public Isa Isa => weights.Isa;

    /// <summary>How runs read the input (never <see cref="Conv2dInput.Automatic"/>).</summary>
    public Conv2dInput Input { get; }

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
            switch (Input)
            {
                case Conv2dInput.InPlace:
                    GemmDispatch.Run(cpu, pixels, new DenseRows(pInput, g.InChannels), weights.Panels, pOutput, g.OutChannels, biasPointer, activation);
                    break;
                case Conv2dInput.PaddedInPlace:
                    RunShifted(cpu, pInput, pOutput, biasPointer, activation);
                    break;
                case Conv2dInput.Winograd:
                    WinogradF2x3.Run(cpu, g, weights.Panels, pInput, pOutput, biasPointer, activation);
                    break;
                default:
                    GemmDispatch.Run(cpu, pixels, new Im2colRows(pInput, g), weights.Panels, pOutput, g.OutChannels, biasPointer, activation);
                    break;
            }
        }
    }

    /// <summary>
    /// A stride-1 convolution as a GEMM over the zero-padded input read in place (<see cref="ShiftedRows"/>): the input
    /// is copied once with its border, the GEMM writes every row over the padded width into scratch, and the rows of
    /// real output pixels are copied out. With no discarded rows (a kernel one pixel wide, no padding left or right) the
    /// rows over the padded width are the output's, and the GEMM writes them there.
    /// </summary>
    private void RunShifted(CpuContext cpu, float* input, float* output, float* bias, Activation activation)
    {
        var g = Geometry;
        var rows = ShiftedRows.RowCount(g);
        var paddedWidth = ShiftedRows.PaddedWidth(g);
        var padded = ConvolutionScratch.PaddedInput.Get((long)ShiftedRows.PaddedHeight(g) * paddedWidth * g.InChannels);
        var wide = paddedWidth == g.OutputWidth ? output : ConvolutionScratch.WideOutput.Get((long)rows * g.OutChannels);
        ShiftedRows.Pad(input, g, padded);
        GemmDispatch.Run(cpu, rows, new ShiftedRows(padded, g), weights.Panels, wide, g.OutChannels, bias, activation);
        if (wide == output)
        {
            return;
        }

        var rowFloats = g.OutputWidth * g.OutChannels;
        for (var y = 0; y < g.OutputHeight; y++)
        {
            new ReadOnlySpan<float>(wide + ((long)y * paddedWidth * g.OutChannels), rowFloats).CopyTo(new Span<float>(output + ((long)y * rowFloats), rowFloats));
        }
    }

    public void Dispose() => weights.Dispose();

    /// <summary>The path <paramref name="input"/> asks for, or the measured best one for Automatic, at tier <paramref name="isa"/>.</summary>
    /// <exception cref="ArgumentException">The geometry cannot run that way.</exception>
    internal static Conv2dInput Resolve(Conv2dGeometry geometry, Conv2dInput input, Isa isa)
    {
        var possible = input switch
        {
            Conv2dInput.Automatic or Conv2dInput.Gathered => true,
            Conv2dInput.InPlace => geometry.IsPointwise,
            Conv2dInput.PaddedInPlace => ShiftedRows.CanRun(geometry),
            Conv2dInput.Winograd => WinogradF2x3.CanRun(geometry, isa),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown convolution input path."),
        };
        if (!possible)
        {
            var needs = input switch
            {
                Conv2dInput.InPlace => "a 1×1, stride-1, unpadded kernel",
                Conv2dInput.Winograd => "a 3×3 kernel, stride 1, Groups = 1 and a vector tier",
                _ => "stride 1, Groups = 1 and a kernel larger than 1×1 or padding",
            };
            throw new ArgumentException($"Convolution {geometry} cannot read its input as {input} at {isa}: that needs {needs}.", nameof(input));
        }

        return input != Conv2dInput.Automatic ? input :
            geometry.IsPointwise ? Conv2dInput.InPlace :
            WinogradF2x3.Pays(geometry, isa) ? Conv2dInput.Winograd :
            ShiftedRows.Pays(geometry) ? Conv2dInput.PaddedInPlace : Conv2dInput.Gathered;
    }

    private void Require(bool condition, string name, int expected, int received)
    {
        if (!condition)
        {
            throw new ArgumentException($"Convolution {Geometry}: '{name}' needs {expected} floats; received {received}.", name);
        }
    }
}
