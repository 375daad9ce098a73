using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

/// <summary>Spans longer than one parallel chunk (16 Ki floats) run on several threads and must match one thread bit for bit.</summary>
public class ElementwiseThreadsTests
{
    // Three whole chunks and a 5-element tail, so the last chunk takes the narrow path.
    private const int Length = (3 * 16 * 1024) + 5;

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Activate_add_multiply_and_broadcast_are_bit_identical_for_any_thread_count(Isa isa)
    {
        var x = TestData.Random(Length, 1, -10f, 10f);
        var y = TestData.Random(Length, 2);
        var row = TestData.Random(31, 3);
        var broadcastInput = TestData.Random(31 * 2000, 4);
        var single = Run(isa, 1, x, y, row, broadcastInput);

        var expectedGelu = x.Select(v => ReferenceMath.Gelu(v)).ToArray();
        TestData.AssertClose(expectedGelu, single.Gelu, i => ReferenceMath.ActivationTolerance(Activation.Gelu, x[i], expectedGelu[i]), $"GELU on {isa}, length {Length}");
        TestData.AssertIdentical(x.Zip(y, (a, b) => a + b).ToArray(), single.Sum, $"Add on {isa}, length {Length}");

        foreach (var threads in new[] { 2, 3 })
        {
            var parallel = Run(isa, threads, x, y, row, broadcastInput);
            TestData.AssertIdentical(single.Gelu, parallel.Gelu, $"GELU on {isa} x{threads}");
            TestData.AssertIdentical(single.Sum, parallel.Sum, $"Add on {isa} x{threads}");
            TestData.AssertIdentical(single.Product, parallel.Product, $"Multiply on {isa} x{threads}");
            TestData.AssertIdentical(single.Biased, parallel.Biased, $"AddBroadcast on {isa} x{threads}");
        }
    }

    private static (float[] Gelu, float[] Sum, float[] Product, float[] Biased) Run(Isa isa, int threads, float[] x, float[] y, float[] row, float[] broadcastInput)
    {
        using var cpu = CpuContext.Create(isa, threads);
        var gelu = new float[x.Length];
        var sum = new float[x.Length];
        var product = new float[x.Length];
        var biased = new float[broadcastInput.Length];
        Primitives.Activate(cpu, Activation.Gelu, x, gelu);
        Primitives.Add(cpu, x, y, sum);
        Primitives.Multiply(cpu, x, y, product);
        Primitives.AddBroadcast(cpu, broadcastInput, row, biased);
        return (gelu, sum, product, biased);
    }
}
