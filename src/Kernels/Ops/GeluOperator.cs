using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// The exact GELU of BERT, x · Φ(x) = ½ · x · (1 + erf(x / √2)), not the tanh approximation.
/// </summary>
/// <remarks>
/// .NET has no vector erf, so every width (the scalar one too, so tails agree with vector bodies) uses Abramowitz and
/// Stegun 7.1.26: for z ≥ 0, erfc(z) ≈ t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))·e^(−z²) with t = 1 / (1 + p·z), whose
/// absolute error in erf is at most 1.5e-7. Writing 1 + erf(u) as 2 − erfc(|u|) for u ≥ 0 and erfc(|u|) for u &lt; 0 keeps
/// the negative side free of cancellation. With float rounding the result is within 3e-7 · max(1, |x|) of the exact GELU
/// (the tests check this bound against a double-precision erf).
/// </remarks>
public readonly struct GeluOperator : IUnaryOperator
{
    // Abramowitz and Stegun, Handbook of Mathematical Functions, formula 7.1.26.
    private const float P = 0.3275911f;
    private const float A1 = 0.254829592f;
    private const float A2 = -0.284496736f;
    private const float A3 = 1.421413741f;
    private const float A4 = -1.453152027f;
    private const float A5 = 1.061405429f;
    private const float InverseSqrt2 = 0.70710678118654752f;

    public static float Invoke(float x)
    {
        var z = MathF.Abs(x) * InverseSqrt2;
        var t = 1f / (1f + (P * z));
        var erfc = t * (A1 + (t * (A2 + (t * (A3 + (t * (A4 + (t * A5)))))))) * MathF.Exp(-(z * z));
        var onePlusErf = x >= 0f ? 2f - erfc : erfc;
        return 0.5f * x * onePlusErf;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var z = Vector128.Abs(x) * Vector128.Create(InverseSqrt2);
        var t = Vector128<float>.One / (Vector128<float>.One + (Vector128.Create(P) * z));
        var poly = Vector128.Create(A4) + (t * Vector128.Create(A5));
        poly = Vector128.Create(A3) + (t * poly);
        poly = Vector128.Create(A2) + (t * poly);
        poly = Vector128.Create(A1) + (t * poly);
        var erfc = t * poly * FastExp.Exp(-(z * z));
        var onePlusErf = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), Vector128.Create(2f) - erfc, erfc);
        return Vector128.Create(0.5f) * x * onePlusErf;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var z = Vector256.Abs(x) * Vector256.Create(InverseSqrt2);
        var t = Vector256<float>.One / (Vector256<float>.One + (Vector256.Create(P) * z));
        var poly = Vector256.Create(A4) + (t * Vector256.Create(A5));
        poly = Vector256.Create(A3) + (t * poly);
        poly = Vector256.Create(A2) + (t * poly);
        poly = Vector256.Create(A1) + (t * poly);
        var erfc = t * poly * FastExp.Exp(-(z * z));
        var onePlusErf = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256.Create(2f) - erfc, erfc);
        return Vector256.Create(0.5f) * x * onePlusErf;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        var z = Vector512.Abs(x) * Vector512.Create(InverseSqrt2);
        var t = Vector512<float>.One / (Vector512<float>.One + (Vector512.Create(P) * z));
        var poly = Vector512.Create(A4) + (t * Vector512.Create(A5));
        poly = Vector512.Create(A3) + (t * poly);
        poly = Vector512.Create(A2) + (t * poly);
        poly = Vector512.Create(A1) + (t * poly);
        var erfc = t * poly * FastExp.Exp(-(z * z));
        var onePlusErf = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512.Create(2f) - erfc, erfc);
        return Vector512.Create(0.5f) * x * onePlusErf;
    }
}
