using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// The logistic sigmoid, 1 / (1 + e^−x), YOLOv5's Detect decode. Like <see cref="SiluOperator"/> the vector paths use
/// <see cref="FastExp"/> (within 3e-7 relative of e^x); for x below −88.3 the result stays near 4.5e-39 where the exact
/// value is smaller still.
/// </summary>
public readonly struct SigmoidOperator : IUnaryOperator
{
    public static float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + FastExp.Exp(-x));

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + FastExp.Exp(-x));

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + FastExp.Exp(-x));
}
