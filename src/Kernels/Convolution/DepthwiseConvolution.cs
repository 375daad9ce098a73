using System.Runtime.Intrinsics;
using Toolkit.Kernels.Convolution.Internal;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Convolution;

/// <summary>
/// Direct depthwise convolution (channel multiplier 1) of one NHWC image with fused bias and activation, MobileNet's
/// 3×3 stride-1 and stride-2 layers in particular. Weights are [KernelHeight, KernelWidth, Channels]; padding is
/// explicit per side (<see cref="Conv2dGeometry.Same"/> gives TensorFlow's SAME). Vectorized over channels at the
/// context's tier; output rows run in parallel, and each output value is computed the same way on any thread count.
/// </summary>
public static class DepthwiseConvolution
{
    /// <summary>
    /// output[y, x, c] = activation(bias[c] + Σ_{kh,kw} input[y·sh − padTop + kh, x·sw − padLeft + kw, c] · weights[kh, kw, c]),
    /// padding contributing zero. The taps are summed in kh-major order starting from the bias.
    /// </summary>
    /// <param name="cpu">Tier and threads.</param>
    /// <param name="geometry">A depthwise geometry: InChannels = OutChannels = Groups.</param>
    /// <param name="input">[InputHeight, InputWidth, Channels].</param>
    /// <param name="weights">[KernelHeight, KernelWidth, Channels].</param>
    /// <param name="bias">[Channels], or empty for none.</param>
    /// <param name="activation">The fused activation.</param>
    /// <param name="output">[OutputHeight, OutputWidth, Channels]; must not overlap the input.</param>
    /// <exception cref="ArgumentException">The geometry is not depthwise or invalid, or a length does not match it.</exception>
    public static unsafe void Run(CpuContext cpu, in Conv2dGeometry geometry, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Activation activation, Span<float> output)
    {
        geometry.Validate();
        var channels = geometry.InChannels;
        if (geometry.OutChannels != channels || geometry.Groups != channels)
        {
            throw new ArgumentException(
                $"geometry is not depthwise: expected InChannels = OutChannels = Groups, received {geometry.InChannels}, {geometry.OutChannels} and {geometry.Groups}.",
                nameof(geometry));
        }

        Guard.Length(input.Length, (long)geometry.InputHeight * geometry.InputWidth * channels, nameof(input), "InputHeight × InputWidth × Channels");
        Guard.Length(weights.Length, (long)geometry.KernelHeight * geometry.KernelWidth * channels, nameof(weights), "KernelHeight × KernelWidth × Channels");
        if (!bias.IsEmpty)
        {
            Guard.Length(bias.Length, channels, nameof(bias), "Channels, or 0 for no bias");
        }

        Guard.Length(output.Length, (long)geometry.OutputHeight * geometry.OutputWidth * channels, nameof(output), "OutputHeight × OutputWidth × Channels");
        if (input.Overlaps(output))
        {
            throw new ArgumentException("output overlaps input; a convolution cannot run in place.", nameof(output));
        }

        fixed (float* x = input)
        fixed (float* w = weights)
        fixed (float* b = bias)
        fixed (float* y = output)
        {
            var arguments = new DepthwiseArguments(geometry, x, w, bias.IsEmpty ? null : b, y);
            switch (activation)
            {
                case Activation.None:
                    Dispatch<IdentityOperator>(cpu, arguments);
                    break;
                case Activation.Relu:
                    Dispatch<ReluOperator>(cpu, arguments);
                    break;
                case Activation.Relu6:
                    Dispatch<Relu6Operator>(cpu, arguments);
                    break;
                case Activation.Silu:
                    Dispatch<SiluOperator>(cpu, arguments);
                    break;
                case Activation.Gelu:
                    Dispatch<GeluOperator>(cpu, arguments);
                    break;
                case Activation.Sigmoid:
                    Dispatch<SigmoidOperator>(cpu, arguments);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(activation), activation, $"Unknown activation {activation}; expected None, Relu, Relu6, Silu, Gelu or Sigmoid.");
            }
        }
    }

    private static void Dispatch<TActivation>(CpuContext cpu, in DepthwiseArguments arguments)
        where TActivation : IUnaryOperator
    {
        var rows = arguments.Geometry.OutputHeight;
        switch (cpu.Isa)
        {
            case Isa.Avx512:
                cpu.For(rows, new DepthwiseRows<Simd512, Vector512<float>, TActivation>(arguments));
                break;
            case Isa.Avx2:
                cpu.For(rows, new DepthwiseRows<Simd256, Vector256<float>, TActivation>(arguments));
                break;
            case Isa.Vector128:
                cpu.For(rows, new DepthwiseRows<Simd128, Vector128<float>, TActivation>(arguments));
                break;
            default:
                cpu.For(rows, new DepthwiseRows<SimdScalar, float, TActivation>(arguments));
                break;
        }
    }
}
