using Toolkit.Kernels.Graph.Execution;
using Lifetime = Toolkit.Kernels.Graph.Execution.MemoryPlanner.Lifetime;

namespace Toolkit.Kernels.Tests.Graph;

public class MemoryPlannerTests
{
    [Fact]
    public void Values_that_never_live_together_share_memory()
    {
        // A chain a → b → c → d: only neighbours overlap, so two slots suffice.
        var (offsets, length) = MemoryPlanner.Plan([
            new Lifetime("a", 1000, -1, 0),
            new Lifetime("b", 1000, 0, 1),
            new Lifetime("c", 1000, 1, 2),
            new Lifetime("d", 1000, 2, 3)]);

        Assert.Equal(2 * 1008, length);
        Assert.Equal(offsets["a"], offsets["c"]);
        Assert.Equal(offsets["b"], offsets["d"]);
    }

    [Fact]
    public void Overlapping_values_never_share_memory()
    {
        var random = new Toolkit.Kernels.Zoo.SeededRandom(5);
        var values = Enumerable.Range(0, 60).Select(i =>
        {
            var first = random.NextInt(40);
            return new Lifetime($"v{i}", 1 + random.NextInt(5000), first, first + random.NextInt(10));
        }).ToList();

        var (offsets, length) = MemoryPlanner.Plan(values);

        foreach (var a in values)
        {
            Assert.Equal(0, offsets[a.Name] % 16);
            Assert.True(offsets[a.Name] + a.LengthInFloats <= length);
            foreach (var b in values.Where(b => b.Name != a.Name && a.Overlaps(b)))
            {
                var disjoint = offsets[a.Name] + a.LengthInFloats <= offsets[b.Name] || offsets[b.Name] + b.LengthInFloats <= offsets[a.Name];
                Assert.True(disjoint, $"{a} and {b} overlap in memory");
            }
        }
    }
}
