using System.CommandLine;
using Toolkit.Bench.Kernels;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Commands;

/// <summary><c>kernels [--quick] [--json PATH]</c>: SGEMM GFLOP/s per ISA tier and int8 GEMM GOP/s per int8 tier, each against its tier's measured peak.</summary>
public static class KernelsCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer, shorter samples; skips the scalar tier at 1024³ (about 30 s in all)." };
        var json = new Option<string?>("--json") { Description = "Write the rows into section 'kernels' of this results file." };
        var command = new Command("kernels", "SGEMM GFLOP/s per ISA tier and int8 GEMM GOP/s per int8 tier (square and MobileNetV1 shapes), single thread, against each tier's peak.")
        {
            quick,
            json,
        };
        command.SetAction(parse => Run(parse.GetValue(quick), parse.GetValue(json)));
        return command;
    }

    public static int Run(bool quick, string? jsonPath)
    {
        var rows = KernelsBenchmark.Run(quick, OnnxRuntimeMatMul.Contestant);
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "kernels", rows);
        }

        return 0;
    }
}
