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

    /// <param name="peer">
    /// The peer engine on a shape (ONNX Runtime's MatMul), timed in the same rounds as our tiers and reported as isa
    /// <c>onnxruntime</c>; null skips the peer rows.
    /// </param>
    public static IReadOnlyList<KernelRow> Run(bool quick, Func<GemmShape, GemmContestant>? peer)
    {
        // Quick: 7 rounds of samples of about 30 ms (the whole command in well under a minute); full: 9 of about 100 ms.
        var timer = quick ? new GemmTimer(7, 0.03) : new GemmTimer(9, 0.1);
        var rows = new List<KernelRow>();
        var table = new TextTable("shape", "source", "isa", "threads", "GFLOP/s", "peak GFLOP/s", "efficiency");
        Console.WriteLine($"SGEMM, B pre-packed, bias + ReLU6 epilogue; medians of {timer.Samples} samples after warm-up, timed by {ThreadClock.Description}, every tier and ONNX Runtime in interleaved rounds.");
        Console.WriteLine("Peak: the tier's FMA loop on independent accumulators, sampled right before each GEMM sample; efficiency: median of the pairs' ratios.");
        Console.WriteLine(MachineInfo.Current());
        FmaPeak.WarmUp();

        foreach (var shape in GemmShape.All)
        {
            var contestants = new List<GemmContestant>();
            try
            {
                foreach (var isa in IsaSupport.Available)
                {
                    if (quick && isa == Isa.Scalar && shape.Flops > 1e9)
                    {
                        Console.WriteLine($"--quick: skipping the scalar tier at {shape.Name} (seconds per call)");
                        continue;
                    }

                    contestants.Add(GemmContestant.Ours(isa, shape));
                }

                // ONNX Runtime's ISA cannot be chosen, so it has no peak of its own and its efficiency stays empty.
                if (peer is not null)
                {
                    contestants.Add(peer(shape));
                }

                var timings = timer.Measure(shape, contestants);
                for (var i = 0; i < contestants.Count; i++)
                {
                    var (isa, timing) = (contestants[i].Isa, timings[i]);
                    rows.Add(new KernelRow("sgemm", shape.Name, isa, Threads, Math.Round(timing.Gflops, 2), Round(timing.PeakGflops, 2), Round(timing.Efficiency, 3)));
                    table.Add(shape.Name, shape.Source, isa, Threads, timing.Gflops, timing.PeakGflops, timing.Efficiency);
                }
            }
            finally
            {
                contestants.ForEach(c => c.Dispose());
            }
        }

        table.Print();
        PrintRatios(rows);
        return rows;
    }

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    private static void PrintRatios(List<KernelRow> rows)
    {
        double? At(string isa) => rows.FirstOrDefault(r => r.Shape == "1024x1024x1024" && r.Isa == isa)?.Gflops;
        if (At("avx512") is { } wide && At("avx2") is { } narrow)
        {
            Console.WriteLine($"1024³: avx512 ÷ avx2 = {wide / narrow:F2}");
        }
    }
}
