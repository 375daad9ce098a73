using Toolkit.Kernels;
using Toolkit.Kernels.Gemm;

namespace Toolkit.Bench.Micro.Kernels;

/// <summary>Seeded square SGEMM operands with B packed for one tier; the benchmark suites time <see cref="Multiply"/>.</summary>
internal sealed class GemmOperands : IDisposable
{
    private readonly CpuContext cpu;
    private readonly PackedMatrix packed;
    private readonly float[] a;
    private readonly float[] c;
    private readonly float[] bias;
    private readonly int size;

    public GemmOperands(Isa isa, int size)
    {
        this.size = size;
        cpu = CpuContext.Create(isa);
        var random = new Random(42);
        a = [.. Enumerable.Range(0, size * size).Select(_ => (float)(random.NextDouble() - 0.5))];
        var b = Enumerable.Range(0, size * size).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        bias = [.. Enumerable.Range(0, size).Select(_ => (float)(random.NextDouble() - 0.5))];
        c = new float[size * size];
        packed = Sgemm.PackB(cpu.Isa, b, size, size, size);
    }

    /// <summary>One product; returns an element so the call cannot be optimised away.</summary>
    public float Multiply()
    {
        Sgemm.Multiply(cpu, size, a, size, packed, c, size, bias, Activation.Relu6);
        return c[^1];
    }

    public void Dispose()
    {
        packed.Dispose();
        cpu.Dispose();
    }
}
