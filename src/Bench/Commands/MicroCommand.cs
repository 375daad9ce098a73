using System.CommandLine;
using BenchmarkDotNet.Running;
using Toolkit.Bench.Micro;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>micro [BenchmarkDotNet arguments]</c>: the BenchmarkDotNet suites under <c>src/Bench/Micro</c>, e.g.
/// <c>micro --filter '*Gemm*' --job short</c>. <c>--job</c> sets the run length of every suite's ISA-tier jobs.
/// </summary>
public static class MicroCommand
{
    public static Command Create()
    {
        var command = new Command("micro", "BenchmarkDotNet suites with ISA tiers as jobs; arguments go to BenchmarkDotNet (e.g. --filter '*Gemm*' --job short).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(parse => Run([.. parse.UnmatchedTokens]));
        return command;
    }

    public static int Run(string[] args)
    {
        var remaining = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--job" or "-j" && i + 1 < args.Length)
            {
                MicroConfig.BaseJob = MicroConfig.ParseJob(args[++i]);
            }
            else
            {
                remaining.Add(args[i]);
            }
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run([.. remaining], MicroConfig.Create());
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
