using System.CommandLine;
using Toolkit.Bench.TorchSharp;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>torchsharp-worker --model-file PATH --threads N [--quick] --output-file PATH</c>: hidden; the child process of a
/// torchsharp table3 row (see <see cref="TorchSharpWorker"/>). Not for direct use: its ISA comes from the environment
/// its parent sets.
/// </summary>
public static class TorchSharpWorkerCommand
{
    public static Command Create()
    {
        var modelFile = new Option<string>("--model-file") { Description = "A .tkm model file.", Required = true };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = "The quick sampling policy." };
        var outputFile = new Option<string>("--output-file") { Description = "Where to write the first output's float32 bytes.", Required = true };
        var command = new Command(TorchSharpWorker.CommandName, "Child process of a torchsharp table3 row.") { modelFile, threads, quick, outputFile };
        command.Hidden = true;
        command.SetAction(parse => TorchSharpWorker.Run(parse.GetValue(modelFile)!, parse.GetValue(threads), parse.GetValue(quick), parse.GetValue(outputFile)!));
        return command;
    }
}
