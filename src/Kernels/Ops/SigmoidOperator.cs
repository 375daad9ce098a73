using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// The logistic sigmoid, 1 / (1 + e^−x), YOLOv5's Detect decode. Like <see cref="SiluOperator"/> the vector paths use
/// .NET's <c>Vector128/256/512.Exp</c> (about 1.5e-7 relative of e^x); for x below about −88.7, e^−x overflows to +∞
/// and the result is +0 where the exact value is below 3e-39.
/// </summary>
public readonly struct SigmoidOperator : IUnaryOperator
{
    public static float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
}
