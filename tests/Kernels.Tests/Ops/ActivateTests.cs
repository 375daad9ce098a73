using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class ActivateTests
{
    public static TheoryData<Isa, Activation> TiersAndActivations()
    {
        var data = new TheoryData<Isa, Activation>();
        foreach (var isa in IsaSupport.Available)
        {
            foreach (var activation in Enum.GetValues<Activation>())
            {
                data.Add(isa, activation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TiersAndActivations))]
    public void Matches_the_double_reference_for_every_length(Isa isa, Activation activation)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var length in TestData.Lengths)
        {
            var x = Inputs(length, seed: length);
            var y = new float[length];
            Primitives.Activate(cpu, activation, x, y);

            var expected = x.Select(v => ReferenceMath.Activate(activation, v)).ToArray();
            TestData.AssertClose(expected, y, i => ReferenceMath.ActivationTolerance(activation, x[i], expected[i]), $"{activation} on {isa}, length {length}");
        }
    }

    [Theory]
    [MemberData(nameof(TiersAndActivations))]
    public void In_place_gives_the_same_result(Isa isa, Activation activation)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var length in new[] { 1, 5, 17, 33, 70 })
        {
            var x = Inputs(length, seed: 7);
            var separate = new float[length];
            Primitives.Activate(cpu, activation, x, separate);
            Primitives.Activate(cpu, activation, x, x);
            TestData.AssertIdentical(separate, x, $"{activation} in place on {isa}, length {length}");
        }
    }

    [Fact]
    public void Extreme_inputs_stay_finite_and_exact_where_the_function_saturates()
    {
        using var cpu = CpuContext.Create(Isa.Best);
        float[] x = [-1000f, -100f, -88.8f, 0f, -0f, 88.8f, 100f, 1000f, float.MaxValue, -float.MaxValue, 1e-30f, -1e-30f, 3f, -3f, 6f, 7f];
        foreach (var activation in new[] { Activation.Silu, Activation.Gelu })
        {
            var y = new float[x.Length];
            Primitives.Activate(cpu, activation, x, y);
            for (var i = 0; i < x.Length; i++)
            {
                var expected = ReferenceMath.Activate(activation, x[i]);
                Assert.False(float.IsNaN(y[i]), $"{activation}({x[i]}) is NaN");
                Assert.True(Math.Abs(y[i] - expected) <= ReferenceMath.ActivationTolerance(activation, x[i], expected) + (Math.Abs(expected) * 1e-7), $"{activation}({x[i]}) = {y[i]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void A_length_mismatch_names_the_destination()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        var error = Assert.Throws<ArgumentException>(() => Primitives.Activate(cpu, Activation.Relu, new float[5], new float[4]));
        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public void A_shifted_overlap_is_rejected()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        var buffer = new float[10];
        var error = Assert.Throws<ArgumentException>(() => Primitives.Activate(cpu, Activation.Relu, buffer.AsSpan(0, 8), buffer.AsSpan(1, 8)));
        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public void ApplyInPlace_is_the_driver_used_by_fused_epilogues()
    {
        var values = new float[] { -2f, 3f, 9f, -0.5f, 6.5f };
        Primitives.ApplyInPlace<Relu6Operator>(Isa.Scalar, values);
        Assert.Equal([0f, 3f, 6f, 0f, 6f], values);
    }

    /// <summary>Mostly [−10, 10], where SiLU and GELU bend, with zeros and a few large magnitudes mixed in.</summary>
    private static float[] Inputs(int length, int seed)
    {
        var x = TestData.Random(length, seed, -10f, 10f);
        for (var i = 0; i < length; i += 11)
        {
            x[i] = (i / 11 % 4) switch { 0 => 0f, 1 => -50f, 2 => 50f, _ => -0f };
        }

        return x;
    }
}
