using Toolkit.Kernels.Quantized;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// An int8 tier's single-core peak in GOP/s (two operations per multiply-add, as GFLOP/s counts an FMA), measured like
/// <see cref="FmaPeak"/>: the tier's dot-product instruction on independent accumulators (<see cref="DotProductPeak"/>),
/// after the same untimed lead-in. The scalar tier has none.
/// </summary>
public static class Int8Peak
{
    /// <summary>Loop trips per timed call: about a millisecond at the 512-bit VNNI peak.</summary>
    private const int Iterations = 50_000;

    public static bool Has(Int8Isa isa) => isa != Int8Isa.Scalar;

    public static double SampleGops(Int8Isa isa) => FmaPeak.SampleGiga(iterations => 2.0 * DotProductPeak.Run(isa, iterations), Iterations);
}
