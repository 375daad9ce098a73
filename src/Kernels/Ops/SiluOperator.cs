using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// SiLU (swish), x · sigmoid(x) = x / (1 + e^−x), YOLOv5's activation. The vector paths use <see cref="FastExp"/>
/// (within 3e-7 relative of e^x); for x below −88.3, e^−x saturates near 2.2e38, so the result is x · 4.5e-39 where the
/// exact value is smaller still.
/// </summary>
public readonly struct SiluOperator : IUnaryOperator
{
    public static float Invoke(float x) => x / (1f + MathF.Exp(-x));

    public static Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + FastExp.Exp(-x));

    public static Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + FastExp.Exp(-x));

    public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + FastExp.Exp(-x));
}
