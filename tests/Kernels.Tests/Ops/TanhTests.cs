using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class TanhTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Matches_the_double_reference_for_every_length(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var length in TestData.Lengths)
        {
            var x = TestData.Random(length, length, -12f, 12f);
            var y = new float[length];
            Primitives.Tanh(cpu, x, y);

            // 1 − e and 1 + e each round once (e ≤ 1, so by at most 2^-24 absolute), the exp errs by a few units
            // relative to e, and the division rounds once: within 1.2e-7 absolute, and a few units relative for |x| ≥ 1.
            TestData.AssertClose([.. x.Select(v => Math.Tanh(v))], y, i => 1.2e-7 + (4 * TestData.UnitRoundoff * Math.Abs(Math.Tanh(x[i]))), $"Tanh on {isa}, length {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Is_odd_saturates_without_overflow_and_keeps_zero(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        float[] x = [0f, 100f, -100f, float.MaxValue, -float.MaxValue, 0.5f, -0.5f, 1e-3f, -1e-3f, 3f, -3f, 20f, -20f, 0.25f, -0.25f, 7f, -7f];
        var y = new float[x.Length];
        Primitives.Tanh(cpu, x, y);

        Assert.Equal(0f, y[0]);
        Assert.Equal([1f, -1f, 1f, -1f], y[1..5]);
        for (var i = 5; i < x.Length; i += 2)
        {
            Assert.Equal(-y[i], y[i + 1]);
        }
    }
}
