using System.CommandLine;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Table3;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Commands;

/// <summary><c>table3 [--models ...] [--threads ...] [--quick] [--json PATH]</c>: the paper's Table 3 on this machine.</summary>
public static class Table3Command
{
    public static Command Create()
    {
        var models = new Option<string[]>("--models") { Description = $"Models to run: zoo ({string.Join(", ", ModelZoo.Names)}), pretrained ({string.Join(", ", Pretrained.PretrainedModels.Names)}) or an .onnx path with fixed shapes.", DefaultValueFactory = _ => [.. ModelZoo.Names], AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts.", DefaultValueFactory = _ => [1], AllowMultipleArgumentsPerToken = true };
        var quick = new Option<bool>("--quick") { Description = "Fewer samples: about two seconds of samples per configuration (one sample where one run takes longer)." };
        var json = new Option<string?>("--json") { Description = "Write the rows to this results file." };
        var command = new Command("table3", "Inference latency per engine × ISA tier, beside the paper's Table 3.") { models, threads, quick, json };
        command.SetAction(parse => Run(parse.GetValue(models)!, parse.GetValue(threads)!, parse.GetValue(quick), parse.GetValue(json)));
        return command;
    }

    public static int Run(IReadOnlyList<string> models, IReadOnlyList<int> threads, bool quick, string? jsonPath)
    {
        Console.WriteLine($"table3: {string.Join(", ", models)}; threads {string.Join(", ", threads)}; {(quick ? "quick" : "full")} run");
        Console.WriteLine($"machine: {MachineInfo.Current()}");
        var experiment = new Table3Experiment(models, threads, quick);
        var rows = experiment.Run();
        Console.WriteLine();
        Table3Report.Print(rows);
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "table3", rows);
            ResultsFile.WriteSkips(jsonPath, "table3", experiment.Skips);
        }

        return 0;
    }
}
