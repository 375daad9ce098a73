namespace Toolkit.Kernels.Ops.Internal;

/// <summary>
/// One vector width as a type, so that kernels with more structure than an element-wise map (pooling, depthwise
/// convolution, softmax, layer norm) are written once and instantiated per tier: <see cref="SimdScalar"/> (one lane, the
/// reference and the tail), <see cref="Simd128"/>, <see cref="Simd256"/> and <see cref="Simd512"/>. The JIT specializes
/// each struct instantiation and inlines these members, so the generic kernel compiles to the hand-written one.
/// </summary>
/// <typeparam name="TVector">The register type: float, Vector128, Vector256 or Vector512 of float.</typeparam>
internal unsafe interface ISimd<TVector>
    where TVector : struct
{
    /// <summary>Lanes per register.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Broadcast(float value);

    static abstract TVector Load(float* source);

    static abstract void Store(TVector value, float* destination);

    static abstract TVector Add(TVector x, TVector y);

    static abstract TVector Subtract(TVector x, TVector y);

    static abstract TVector Multiply(TVector x, TVector y);

    static abstract TVector Divide(TVector x, TVector y);

    /// <summary>x · y + addend; fused on the AVX2 and AVX-512 tiers, and on Vector128 where the CPU has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector x, TVector y, TVector addend);

    static abstract TVector Max(TVector x, TVector y);

    static abstract TVector Exp(TVector x);

    /// <summary>The sum of all lanes.</summary>
    static abstract float SumLanes(TVector x);

    /// <summary>The largest lane.</summary>
    static abstract float MaxLanes(TVector x);

    /// <summary>Applies an element-wise operator at this width (a fused epilogue).</summary>
    static abstract TVector Apply<TOp>(TVector x)
        where TOp : IUnaryOperator;
}
