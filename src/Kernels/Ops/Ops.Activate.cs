using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// The toolkit's element-wise and small kernels over float32 spans, one operation per file (TensorPrimitives style).
/// Every kernel takes the <see cref="CpuContext"/> first and runs exactly its <see cref="CpuContext.Isa"/> tier.
/// </summary>
public static partial class Primitives
{
    /// <summary>destination[i] = activation(x[i]). x and destination may be the same span (in place).</summary>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap other than exactly.</exception>
    public static void Activate(CpuContext cpu, Activation activation, ReadOnlySpan<float> x, Span<float> destination)
    {
        switch (activation)
        {
            case Activation.None:
                UnaryDriver.Apply<IdentityOperator>(cpu, x, destination);
                break;
            case Activation.Relu:
                UnaryDriver.Apply<ReluOperator>(cpu, x, destination);
                break;
            case Activation.Relu6:
                UnaryDriver.Apply<Relu6Operator>(cpu, x, destination);
                break;
            case Activation.Silu:
                UnaryDriver.Apply<SiluOperator>(cpu, x, destination);
                break;
            case Activation.Gelu:
                UnaryDriver.Apply<GeluOperator>(cpu, x, destination);
                break;
            case Activation.Sigmoid:
                UnaryDriver.Apply<SigmoidOperator>(cpu, x, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, $"Unknown activation {activation}; expected None, Relu, Relu6, Silu, Gelu or Sigmoid.");
        }
    }

    /// <summary>destination[i] = TOp(x[i]) for any <see cref="IUnaryOperator"/>; x and destination may be the same span.</summary>
    public static void Apply<TOp>(CpuContext cpu, ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator => UnaryDriver.Apply<TOp>(cpu, x, destination);

    /// <summary>
    /// Applies an operator in place at the width of <paramref name="isa"/>: the entry point for fused epilogues
    /// (GEMM, convolution) that already run inside a parallel item and so have no context to pass.
    /// </summary>
    internal static void ApplyInPlace<TOp>(Isa isa, Span<float> values)
        where TOp : IUnaryOperator => UnaryDriver.Apply<TOp>(isa, values, values);

    /// <summary>Applies an activation in place at the width of <paramref name="isa"/> (a fused epilogue).</summary>
    internal static void ActivateInPlace(Isa isa, Activation activation, Span<float> values)
    {
        switch (activation)
        {
            case Activation.None:
                break;
            case Activation.Relu:
                ApplyInPlace<ReluOperator>(isa, values);
                break;
            case Activation.Relu6:
                ApplyInPlace<Relu6Operator>(isa, values);
                break;
            case Activation.Silu:
                ApplyInPlace<SiluOperator>(isa, values);
                break;
            case Activation.Gelu:
                ApplyInPlace<GeluOperator>(isa, values);
                break;
            case Activation.Sigmoid:
                ApplyInPlace<SigmoidOperator>(isa, values);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, $"Unknown activation {activation}; expected None, Relu, Relu6, Silu, Gelu or Sigmoid.");
        }
    }
}
