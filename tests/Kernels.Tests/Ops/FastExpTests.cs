using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Tests.Ops;

public class FastExpTests
{
    /// <summary>The bound FastExp documents: 3e-7 relative over [−87.3, 88.3].</summary>
    private const double RelativeTolerance = 3e-7;

    [Fact]
    public void Every_width_is_within_its_bound_of_the_double_exp_over_the_whole_range()
    {
        var random = new Random(11);
        var x = Enumerable.Range(0, 200_000).Select(_ => (float)((random.NextDouble() * 175.6) - 87.3))
            .Concat([0f, -0f, 1e-30f, -1e-30f, 0.34657359f, -0.34657359f, 1f, -1f, 88.3f, -87.3f]).ToArray();
        AssertWithinBound(x, Widths());
    }

    [Fact]
    public void Inputs_beyond_the_range_saturate_low_to_zero_and_high_to_infinity()
    {
        foreach (var (name, exp) in Widths())
        {
            foreach (var value in new[] { -87.4f, -88f, -100f, -10000f, -float.MaxValue, float.NegativeInfinity })
            {
                Assert.True(exp(value) == 0f, $"{name}: e^{value} gave {exp(value)}, expected 0.");
            }

            foreach (var value in new[] { 88.5f, 89f, 100f, 1000f, float.MaxValue, float.PositiveInfinity })
            {
                Assert.True(float.IsPositiveInfinity(exp(value)), $"{name}: e^{value} gave {exp(value)}, expected +∞.");
            }
        }
    }

    private static void AssertWithinBound(float[] x, IEnumerable<(string Name, Func<float, float> Exp)> widths)
    {
        foreach (var (name, exp) in widths)
        {
            var worst = x.Max(v => Math.Abs((exp(v) / Math.Exp(v)) - 1));
            Assert.True(worst <= RelativeTolerance, $"{name}: worst relative error {worst:E2} exceeds {RelativeTolerance:E0}.");
        }
    }

    /// <summary>Each vector width this CPU accelerates, as a function of one lane (the value goes into every lane, lane 0 comes back).</summary>
    private static IEnumerable<(string Name, Func<float, float> Exp)> Widths()
    {
        if (Vector128.IsHardwareAccelerated)
        {
            yield return ("Vector128", v => FastExp.Exp(Vector128.Create(v)).ToScalar());
        }

        if (Vector256.IsHardwareAccelerated)
        {
            yield return ("Vector256", v => FastExp.Exp(Vector256.Create(v)).ToScalar());
        }

        if (Vector512.IsHardwareAccelerated)
        {
            yield return ("Vector512", v => FastExp.Exp(Vector512.Create(v)).ToScalar());
        }
    }
}
