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
        // Quick: 7 samples of about 30 ms (the whole command in well under 30 s); full: 9 samples of about 100 ms.
        var timer = quick ? new GemmTimer(7, 0.03) : new GemmTimer(9, 0.1);
        var rows = new List<KernelRow>();
        var table = new TextTable("shape", "source", "isa", "threads", "GFLOP/s", "peak GFLOP/s", "efficiency");
        Console.WriteLine($"SGEMM, B pre-packed, bias + ReLU6 epilogue; medians of {timer.Samples} samples after warm-up, timed by {ThreadClock.Description}.");
        Console.WriteLine("Peak: the tier's FMA loop on independent accumulators, sampled right before each GEMM sample; efficiency: median of the pairs' ratios.");
        Console.WriteLine(MachineInfo.Current());
        FmaPeak.WarmUp();

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
                var timing = timer.Measure(cpu, shape);
                rows.Add(new KernelRow("sgemm", shape.Name, IsaSupport.Name(isa), Threads, Math.Round(timing.Gflops, 2), Math.Round(timing.PeakGflops, 2), Math.Round(timing.Efficiency, 3)));
                table.Add(shape.Name, shape.Source, IsaSupport.Name(isa), Threads, timing.Gflops, timing.PeakGflops, timing.Efficiency);
            }

            // Peer row: ONNX Runtime's MatMul on the same shape, single thread. Its ISA cannot be chosen, so it has no
            // peak of its own; efficiency is left empty. Time it with ThreadClock when it runs on the calling thread.
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
