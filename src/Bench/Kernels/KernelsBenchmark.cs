using Toolkit.Bench.Reporting;
using Toolkit.Kernels;
using Toolkit.Kernels.Quantized;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// SGEMM GFLOP/s per ISA tier and int8 GEMM GOP/s per int8 tier on the square and MobileNetV1 shapes, single thread,
/// each against its tier's peak (FMA, or the int8 dot-product instruction) measured in the same run, all in the same
/// interleaved rounds so their ratios are side by side. An optional peer (ONNX Runtime's MatMul) is timed on the same shapes.
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
        var table = new TextTable("kernel", "shape", "source", "isa", "threads", "G(FL)OP/s", "peak", "efficiency");
        Console.WriteLine("SGEMM and int8 GEMM (u8 × s8 → s32, requantized to u8), B pre-packed, bias + ReLU6 epilogue; int8 in GOP/s, two operations per multiply-add.");
        Console.WriteLine($"Medians of {timer.Samples} samples after warm-up, timed by {ThreadClock.Description}, every tier and ONNX Runtime in interleaved rounds.");
        Console.WriteLine("Peak: the tier's FMA (or int8 dot-product) loop on independent accumulators, sampled right before each GEMM sample; efficiency: median of the pairs' ratios.");
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

                foreach (var isa in Int8IsaSupport.Available)
                {
                    if (isa == Int8Isa.Scalar && shape.Flops > 1e8)
                    {
                        // The scalar int8 tier is the tests' reference, not a contestant: seconds per call at these sizes.
                        continue;
                    }

                    contestants.Add(GemmContestant.Int8(isa, shape));
                }

                // ONNX Runtime's ISA cannot be chosen, so it has no peak of its own and its efficiency stays empty.
                if (peer is not null)
                {
                    contestants.Add(peer(shape));
                }

                var timings = timer.Measure(shape, contestants);
                for (var i = 0; i < contestants.Count; i++)
                {
                    var (kernel, isa, timing) = (contestants[i].Kernel, contestants[i].Isa, timings[i]);
                    rows.Add(new KernelRow(kernel, shape.Name, isa, Threads, Math.Round(timing.Gflops, 2), Round(timing.PeakGflops, 2), Round(timing.Efficiency, 3)));
                    table.Add(kernel, shape.Name, shape.Source, isa, Threads, timing.Gflops, timing.PeakGflops, timing.Efficiency);
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
        double? At(string kernel, string isa) => rows.FirstOrDefault(r => r.Shape == "1024x1024x1024" && r.Kernel == kernel && r.Isa == isa)?.Gflops;
        void Ratio(string label, double? over, double? under)
        {
            if (over is { } o && under is { } u)
            {
                Console.WriteLine($"1024³: {label} = {o / u:F2}");
            }
        }

        Ratio("sgemm avx512 ÷ avx2", At("sgemm", "avx512"), At("sgemm", "avx2"));
        var int8 = Int8IsaSupport.Name(Int8IsaSupport.For(IsaSupport.Widest));
        Ratio($"int8 {int8} ÷ sgemm {IsaSupport.Name(IsaSupport.Widest)}", At("int8gemm", int8), At("sgemm", IsaSupport.Name(IsaSupport.Widest)));
        Ratio("int8 avx512-vnni ÷ avx-vnni", At("int8gemm", "avx512-vnni"), At("int8gemm", "avx-vnni"));
        Ratio("int8 avx-vnni ÷ avx2", At("int8gemm", "avx-vnni"), At("int8gemm", "avx2"));
    }
}
