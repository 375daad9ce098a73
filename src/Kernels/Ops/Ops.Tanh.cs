using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>destination[i] = tanh(x[i]) (see <see cref="TanhOperator"/>). x and destination may be the same span.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap other than exactly.</exception>
    public static void Tanh(CpuContext cpu, ReadOnlySpan<float> x, Span<float> destination) =>
        UnaryDriver.Apply<TanhOperator>(cpu, x, destination);
}
