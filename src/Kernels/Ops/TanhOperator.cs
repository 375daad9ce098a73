using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// The hyperbolic tangent, BERT's pooler activation, as tanh(x) = sign(x) · (1 − e^(−2|x|)) / (1 + e^(−2|x|)).
/// </summary>
/// <remarks>
/// .NET has no vector tanh, so every width (the scalar one too, so tails agree with vector bodies) uses this form over
/// the vector <c>Exp</c>: e^(−2|x|) lies in (0, 1], so nothing overflows and large |x| gives exactly ±1. Near zero the
/// numerator 1 − e^(−2|x|) cancels, so the absolute error stays within about 1.2e-7 while the relative error grows as
/// |x| shrinks; a dense layer that reads the result only sees the absolute error. The vector Exp(0) is one unit below 1,
/// so below <see cref="LinearBelow"/>, where tanh(x) = x · (1 − x²/3 + …) rounds to x itself, x is returned as it is:
/// tanh(±0) is ±0 on every width.
/// </remarks>
public readonly struct TanhOperator : IUnaryOperator
{
    /// <summary>2^-12: below it x²/3 &lt; 2^-25.6, under half a unit of x, so tanh(x) rounds to x.</summary>
    private const float LinearBelow = 1f / 4096;

    public static float Invoke(float x)
    {
        var e = MathF.Exp(-2f * MathF.Abs(x));
        return MathF.Abs(x) < LinearBelow ? x : MathF.CopySign((1f - e) / (1f + e), x);
    }

    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var magnitude = Vector128.Abs(x);
        var e = Vector128.Exp(Vector128.Create(-2f) * magnitude);
        var tanh = Vector128.CopySign((Vector128<float>.One - e) / (Vector128<float>.One + e), x);
        return Vector128.ConditionalSelect(Vector128.LessThan(magnitude, Vector128.Create(LinearBelow)), x, tanh);
    }

    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var magnitude = Vector256.Abs(x);
        var e = Vector256.Exp(Vector256.Create(-2f) * magnitude);
        var tanh = Vector256.CopySign((Vector256<float>.One - e) / (Vector256<float>.One + e), x);
        return Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(LinearBelow)), x, tanh);
    }

    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var magnitude = Vector512.Abs(x);
        var e = Vector512.Exp(Vector512.Create(-2f) * magnitude);
        var tanh = Vector512.CopySign((Vector512<float>.One - e) / (Vector512<float>.One + e), x);
        return Vector512.ConditionalSelect(Vector512.LessThan(magnitude, Vector512.Create(LinearBelow)), x, tanh);
    }
}
