using Toolkit.Kernels;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Gemm;

/// <summary>
/// A naive GEMM in double precision, and the error bound a float kernel must meet against it.
/// </summary>
internal static class GemmReference
{
    /// <summary>C = act(A·B + bias) in double, rounded once to float; also returns Σ|a||b| + |bias| per element.</summary>
    public static (float[] Values, double[] Magnitudes) Multiply(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[]? bias, Activation activation)
    {
        var values = new float[m * n];
        var magnitudes = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = bias?[j] ?? 0, magnitude = Math.Abs(bias?[j] ?? 0);
                for (var p = 0; p < k; p++)
                {
                    var product = (double)a[(i * lda) + p] * b[(p * ldb) + j];
                    sum += product;
                    magnitude += Math.Abs(product);
                }

                values[(i * n) + j] = (float)Apply(sum, activation);
                magnitudes[(i * n) + j] = magnitude;
            }
        }

        return (values, magnitudes);
    }

    /// <summary>
    /// The tolerance: a float sum of k products in any order errs by at most about k·u·Σ|a||b| (u = 2⁻²⁴, the unit
    /// roundoff; Higham, Accuracy and Stability, §3.1). We allow (k + 2)·2⁻²³·(Σ|a||b| + |bias|): twice that, plus the
    /// bias addition and the final rounding. ReLU and ReLU6 are 1-Lipschitz, so they never enlarge the error. SiLU and
    /// GELU have slopes up to 1.1 and 1.13, and their float paths add at most 4e-7 · max(1, |x|) of their own (see
    /// <see cref="ReferenceMath.ActivationTolerance"/>), and |x| never exceeds the magnitude.
    /// </summary>
    public static double Tolerance(int k, double magnitude, Activation activation = Activation.None)
    {
        var sum = ((k + 2) * Math.Pow(2, -23) * magnitude) + 1e-30;
        return activation is Activation.Silu or Activation.Gelu or Activation.Sigmoid ? (1.13 * sum) + (4e-7 * Math.Max(1, magnitude)) : sum;
    }

    public static double Apply(double x, Activation activation) => ReferenceMath.Activate(activation, x);

    /// <summary>Seeded values in [-1, 1).</summary>
    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
