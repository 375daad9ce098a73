using Toolkit.Kernels;
using Toolkit.Kernels.Quantized;

namespace Toolkit.Kernels.Tests.Infrastructure;

/// <summary>Theory data: every ISA tier this CPU and runtime can run, so kernel tests cover each one.</summary>
public static class Tiers
{
    public static TheoryData<Isa> Available => [.. IsaSupport.Available];

    /// <summary>Every available tier except the scalar reference.</summary>
    public static TheoryData<Isa> Vectorized => [.. IsaSupport.Available.Where(i => i != Isa.Scalar)];

    /// <summary>Every int8 tier this CPU and runtime can run.</summary>
    public static TheoryData<Int8Isa> Int8 => [.. Int8IsaSupport.Available];
}
