using System.Diagnostics;
using static TorchSharp.torch;

namespace Toolkit.Bench.TorchSharp.Internal;

/// <summary>
/// libtorch's float32 matmul speed in this process, to show what <c>MKL_ENABLE_INSTRUCTIONS</c> did: MKL's SGEMM prints
/// nothing in oneDNN's verbose output, and its banner names only the widest ISA it may use, so its speed is the check.
/// </summary>
internal static class MatmulProbe
{
    /// <summary>
    /// 1024³ (2.1 GFLOPs): large enough that MKL's packed micro-kernel dominates (packing is O(n²) against O(n³) FMAs),
    /// small enough that a few runs take well under a second on one thread.
    /// </summary>
    private const int Size = 1024;

    /// <summary>Best of a few runs, so a neighbour's burst on the shared machine does not set the figure.</summary>
    private const int Runs = 5;

    /// <summary>GFLOP/s of the fastest of <see cref="Runs"/> [1024×1024]·[1024×1024] products on libtorch's current threads.</summary>
    public static double Gflops()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var a = rand(Size, Size);
        var b = rand(Size, Size);
        a.mm(b).Dispose();
        var bestSeconds = double.MaxValue;
        for (var i = 0; i < Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var product = a.mm(b);
            bestSeconds = Math.Min(bestSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return 2.0 * Size * Size * Size / bestSeconds / 1e9;
    }
}
