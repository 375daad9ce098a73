using Toolkit.Bench.Reporting;
using Toolkit.Kernels;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// SGEMM GFLOP/s per ISA tier on the square and MobileNetV1 shapes, single thread, each against its tier's FMA peak
/// measured in the same run. An optional peer (ONNX Runtime's MatMul) is timed on the same shapes.
/// </summary>
public static class KernelsBenchmark
{
    private const int Threads = 1;

    /// <param name="peerGflops">
    /// The peer engine's GFLOP/s for a shape, timed with the same timer, reported as isa <c>onnxruntime</c>; null skips the peer rows.
    /// </param>
    public static IReadOnlyList<KernelRow> Run(bool quick, Func<GemmShape, GemmTimer, double>? peerGflops)
    {
        // Quick: 3 samples of about 20 ms (the whole command in well under 30 s); full: 7 samples of about 100 ms.
        var timer = quick ? new GemmTimer(3, 0.02) : new GemmTimer(7, 0.1);
        var rows = new List<KernelRow>();
        var table = new TextTable("shape", "source", "isa", "threads", "GFLOP/s", "peak GFLOP/s", "efficiency");
        Console.WriteLine($"SGEMM, B pre-packed, bias + ReLU6 epilogue, median of {timer.Samples} samples after warm-up; {MachineInfo.Current()}");

        var peaks = IsaSupport.Available.ToDictionary(isa => isa, isa => FmaPeak.MeasureGflops(isa, timer.Samples));
        foreach (var (isa, peak) in peaks)
        {
            Console.WriteLine($"peak {IsaSupport.Name(isa),-9} {peak,7:F1} GFLOP/s (independent FMA chains, one thread)");
        }

        foreach (var shape in GemmShape.All)
        {
            foreach (var isa in IsaSupport.Available)
            {
                if (quick && isa == Isa.Scalar && shape.Flops > 1e9)
                {
                    Console.WriteLine($"--quick: skipping the scalar tier at {shape.Name} (seconds per call)");
                    continue;
                }

                using var cpu = CpuContext.Create(isa, Threads);
                var gflops = timer.MeasureGflops(cpu, shape);
                var peak = peaks[isa];
                rows.Add(new KernelRow("sgemm", shape.Name, IsaSupport.Name(isa), Threads, Math.Round(gflops, 2), Math.Round(peak, 2), Math.Round(gflops / peak, 3)));
                table.Add(shape.Name, shape.Source, IsaSupport.Name(isa), Threads, gflops, peak, gflops / peak);
            }

            // Peer row: ONNX Runtime's MatMul on the same shape, single thread. Its ISA cannot be chosen, so it has no
            // peak of its own; efficiency is left empty.
            if (peerGflops is not null)
            {
                var gflops = peerGflops(shape, timer);
                rows.Add(new KernelRow("sgemm", shape.Name, "onnxruntime", Threads, Math.Round(gflops, 2), null, null));
                table.Add(shape.Name, shape.Source, "onnxruntime", Threads, gflops, null, null);
            }
        }

        table.Print();
        PrintRatios(rows);
        return rows;
    }

    private static void PrintRatios(List<KernelRow> rows)
    {
        double? At(string isa) => rows.FirstOrDefault(r => r.Shape == "1024x1024x1024" && r.Isa == isa)?.Gflops;
        if (At("avx512") is { } wide && At("avx2") is { } narrow)
        {
            Console.WriteLine($"1024³: avx512 ÷ avx2 = {wide / narrow:F2}");
        }
    }
}
