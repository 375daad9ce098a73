using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// SiLU (swish), x · sigmoid(x) = x / (1 + e^−x), YOLOv5's activation. The vector paths use .NET's
/// <c>Vector128/256/512.Exp</c> (added in .NET 9), within about 1.5e-7 relative of e^x as measured over [−87, 88];
/// for x below about −88.7, e^−x overflows to +∞ and the result is −0 where the exact value is below 3e-37 in magnitude.
/// </summary>
public readonly struct SiluOperator : IUnaryOperator
{
    public static float Invoke(float x) => x / (1f + MathF.Exp(-x));

    public static Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Exp(-x));

    public static Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Exp(-x));

    public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Exp(-x));
}
