using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Ops.Internal;

#pragma warning disable CA1812 // The width structs are only used as generic arguments, never constructed.

/// <summary>One lane: plain scalar code, unfused multiply-add. The reference tier and every kernel's tail.</summary>
internal readonly unsafe struct SimdScalar : ISimd<float>
{
    public static int Count => 1;

    public static float Zero => 0f;

    public static float Broadcast(float value) => value;

    public static float Load(float* source) => *source;

    public static void Store(float value, float* destination) => *destination = value;

    public static float Add(float x, float y) => x + y;

    public static float Subtract(float x, float y) => x - y;

    public static float Multiply(float x, float y) => x * y;

    public static float Divide(float x, float y) => x / y;

    public static float MultiplyAdd(float x, float y, float addend) => (x * y) + addend;

    public static float Max(float x, float y) => MathF.Max(x, y);

    public static float Exp(float x) => MathF.Exp(x);

    public static float SumLanes(float x) => x;

    public static float MaxLanes(float x) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply<TOp>(float x)
        where TOp : IUnaryOperator => TOp.Invoke(x);
}

/// <summary>Four lanes (SSE on x86-64).</summary>
internal readonly unsafe struct Simd128 : ISimd<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    public static Vector128<float> Load(float* source) => Vector128.Load(source);

    public static void Store(Vector128<float> value, float* destination) => value.Store(destination);

    public static Vector128<float> Add(Vector128<float> x, Vector128<float> y) => x + y;

    public static Vector128<float> Subtract(Vector128<float> x, Vector128<float> y) => x - y;

    public static Vector128<float> Multiply(Vector128<float> x, Vector128<float> y) => x * y;

    public static Vector128<float> Divide(Vector128<float> x, Vector128<float> y) => x / y;

    // The Vector128 tier stands for SSE-class hardware, which may lack FMA: the estimate fuses only where it is free.
    public static Vector128<float> MultiplyAdd(Vector128<float> x, Vector128<float> y, Vector128<float> addend) => Vector128.MultiplyAddEstimate(x, y, addend);

    public static Vector128<float> Max(Vector128<float> x, Vector128<float> y) => Vector128.Max(x, y);

    public static Vector128<float> Exp(Vector128<float> x) => FastExp.Exp(x);

    public static float SumLanes(Vector128<float> x) => Vector128.Sum(x);

    public static float MaxLanes(Vector128<float> x) => MathF.Max(MathF.Max(x[0], x[1]), MathF.Max(x[2], x[3]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Apply<TOp>(Vector128<float> x)
        where TOp : IUnaryOperator => TOp.Invoke(x);
}

/// <summary>Eight lanes with FMA (the AVX2 tier).</summary>
internal readonly unsafe struct Simd256 : ISimd<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    public static void Store(Vector256<float> value, float* destination) => value.Store(destination);

    public static Vector256<float> Add(Vector256<float> x, Vector256<float> y) => x + y;

    public static Vector256<float> Subtract(Vector256<float> x, Vector256<float> y) => x - y;

    public static Vector256<float> Multiply(Vector256<float> x, Vector256<float> y) => x * y;

    public static Vector256<float> Divide(Vector256<float> x, Vector256<float> y) => x / y;

    public static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> addend) => Vector256.FusedMultiplyAdd(x, y, addend);

    public static Vector256<float> Max(Vector256<float> x, Vector256<float> y) => Vector256.Max(x, y);

    public static Vector256<float> Exp(Vector256<float> x) => FastExp.Exp(x);

    public static float SumLanes(Vector256<float> x) => Vector256.Sum(x);

    public static float MaxLanes(Vector256<float> x) => Simd128.MaxLanes(Vector128.Max(x.GetLower(), x.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Apply<TOp>(Vector256<float> x)
        where TOp : IUnaryOperator => TOp.Invoke(x);
}

/// <summary>Sixteen lanes (the AVX-512 tier).</summary>
internal readonly unsafe struct Simd512 : ISimd<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    public static Vector512<float> Load(float* source) => Vector512.Load(source);

    public static void Store(Vector512<float> value, float* destination) => value.Store(destination);

    public static Vector512<float> Add(Vector512<float> x, Vector512<float> y) => x + y;

    public static Vector512<float> Subtract(Vector512<float> x, Vector512<float> y) => x - y;

    public static Vector512<float> Multiply(Vector512<float> x, Vector512<float> y) => x * y;

    public static Vector512<float> Divide(Vector512<float> x, Vector512<float> y) => x / y;

    public static Vector512<float> MultiplyAdd(Vector512<float> x, Vector512<float> y, Vector512<float> addend) => Vector512.FusedMultiplyAdd(x, y, addend);

    public static Vector512<float> Max(Vector512<float> x, Vector512<float> y) => Vector512.Max(x, y);

    public static Vector512<float> Exp(Vector512<float> x) => FastExp.Exp(x);

    public static float SumLanes(Vector512<float> x) => Vector512.Sum(x);

    public static float MaxLanes(Vector512<float> x) => Simd256.MaxLanes(Vector256.Max(x.GetLower(), x.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply<TOp>(Vector512<float> x)
        where TOp : IUnaryOperator => TOp.Invoke(x);
}
