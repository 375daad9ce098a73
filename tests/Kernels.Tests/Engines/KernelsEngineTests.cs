using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Engines;

public class KernelsEngineTests
{
    [Fact]
    public void A_warm_inference_allocates_nothing()
    {
        using var engine = KernelsEngine.Create(MobileNetV1.Build(ModelZoo.DefaultSeed));
        Tensor[] inputs = [Tensor.Zeros(DataType.Float32, 1, 224, 224, 3)];
        Tensor[] outputs = [Tensor.Zeros(DataType.Float32, 1, 1001)];
        engine.Run(inputs, outputs);
        engine.Run(inputs, outputs);

        // The least over a few runs: a run during which the tiered JIT promotes a method may see the runtime allocate
        // its own bookkeeping on this thread, which is not the engine's doing and does not recur.
        var allocated = Enumerable.Range(0, 5).Min(_ =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            engine.Run(inputs, outputs);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_arena_reuses_memory_across_layers()
    {
        using var engine = KernelsEngine.Create(MobileNetV1.Build(ModelZoo.DefaultSeed));
        // The two largest neighbouring activations are 112×112×64 and 112×112×32 floats (4.8 MiB together); every
        // intermediate value summed is over 30 MiB.
        Assert.InRange(engine.ArenaBytes, 4_800_000, 6_500_000);
    }

    [Fact]
    public void Wrong_input_shapes_are_rejected_by_name()
    {
        using var engine = KernelsEngine.Create(MobileNetV1.Build(ModelZoo.DefaultSeed), Isa.Scalar);
        var error = Assert.Throws<ArgumentException>(() => engine.Run([Tensor.Zeros(DataType.Float32, 1, 224, 224, 4)], [Tensor.Zeros(DataType.Float32, 1, 1001)]));
        Assert.Contains("'input'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1,224,224,3]", error.Message, StringComparison.Ordinal);
    }
}
