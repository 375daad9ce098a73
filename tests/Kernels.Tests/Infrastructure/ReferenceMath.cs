namespace Toolkit.Kernels.Tests.Infrastructure;

/// <summary>Double-precision references for functions .NET lacks (erf), accurate to about 1e-13.</summary>
public static class ReferenceMath
{
    /// <summary>erfc(x) for x ≥ 0: the Taylor series of erf below 3, a continued fraction above (both converge fast there).</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 3)
        {
            return 1 - ErfSeries(x);
        }

        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the back.
        var fraction = x;
        for (var n = 120; n >= 1; n--)
        {
            fraction = x + (n / 2.0 / fraction);
        }

        return Math.Exp(-(x * x)) / (Math.Sqrt(Math.PI) * fraction);
    }

    public static double Erf(double x) => x < 0 ? -Erf(-x) : x < 3 ? ErfSeries(x) : 1 - Erfc(x);

    /// <summary>The exact GELU, ½·x·(1 + erf(x/√2)), written with erfc on the negative side to avoid cancellation.</summary>
    public static double Gelu(double x) => x >= 0 ? 0.5 * x * (1 + Erf(x / Math.Sqrt(2))) : 0.5 * x * Erfc(-x / Math.Sqrt(2));

    public static double Silu(double x) => x / (1 + Math.Exp(-x));

    public static double Activate(Activation activation, double x) => activation switch
    {
        Activation.None => x,
        Activation.Relu => Math.Max(x, 0),
        Activation.Relu6 => Math.Min(Math.Max(x, 0), 6),
        Activation.Silu => Silu(x),
        Activation.Gelu => Gelu(x),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>
    /// How far a float32 activation may be from the double reference at input x:
    /// ReLU and ReLU6 are exact; SiLU inherits .NET's vector exp (about 1.5e-7 relative, measured over [−87, 88]) plus
    /// two roundings, so 4e-7 relative (and below x ≈ −88.7, where e^−x overflows to +∞, −0 for a value under 3e-37), and
    /// so does the sigmoid; GELU inherits Abramowitz–Stegun 7.1.26 (1.5e-7 absolute in erf) plus float
    /// rounding, which GeluOperator documents as 3e-7 · max(1, |x|).
    /// </summary>
    public static double ActivationTolerance(Activation activation, double x, double reference) => activation switch
    {
        Activation.Silu or Activation.Sigmoid => (4e-7 * Math.Abs(reference)) + 3e-37,
        Activation.Gelu => 3e-7 * Math.Max(1, Math.Abs(x)),
        _ => 0,
    };

    private static double ErfSeries(double x)
    {
        // 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)); below 3 the largest term is about 170, so about 1e-13 is kept.
        double sum = 0, term = x;
        for (var n = 0; n < 200; n++)
        {
            var contribution = term / ((2 * n) + 1);
            sum += contribution;
            if (Math.Abs(contribution) < 1e-17 * Math.Abs(sum))
            {
                break;
            }

            term *= -(x * x) / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
