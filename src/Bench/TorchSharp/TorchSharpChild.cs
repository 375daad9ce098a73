using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.TorchSharp;

/// <summary>
/// Runs one torchsharp measurement in a fresh Bench process held to one ISA tier (see <see cref="TorchSharpIsa"/>):
/// libtorch fixes its kernels when it loads, so neither the parent nor an earlier tier's libtorch may be reused. The
/// result carries the latency samples, the model's first output and the record of the kernels that ran.
/// </summary>
public static class TorchSharpChild
{
    /// <summary>Longest a child may take: YOLOv5s's full run on one thread stays well inside it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <exception cref="TorchSharpChildException">The child failed, timed out or printed no result; the message holds its stderr.</exception>
    public static TorchSharpChildRun Run(string modelFile, string tier, int threads, bool quick)
    {
        var outputFile = Path.Combine(Path.GetTempPath(), $"torchsharp-{Environment.ProcessId}-{Guid.NewGuid():N}.f32");
        try
        {
            var start = StartInfo([TorchSharpWorker.CommandName, "--model-file", modelFile, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output-file", outputFile, .. quick ? ["--quick"] : Array.Empty<string>()]);
            foreach (var (name, value) in TorchSharpIsa.EnvironmentFor(tier))
            {
                if (value is null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }

            using var process = Process.Start(start) ?? throw new TorchSharpChildException($"Could not start {start.FileName}.");
            var errors = process.StandardError.ReadToEndAsync();
            var lines = new List<string>();
            var reading = Task.Run(() =>
            {
                while (process.StandardOutput.ReadLine() is { } line)
                {
                    lines.Add(line);
                }
            });
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TorchSharpChildException($"The torchsharp {tier} child for {modelFile} ran over {Timeout.TotalMinutes} minutes and was stopped.");
            }

            reading.Wait();
            var result = lines.LastOrDefault(l => l.StartsWith(TorchSharpWorker.ResultPrefix, StringComparison.Ordinal));
            if (process.ExitCode != 0 || result is null)
            {
                throw new TorchSharpChildException($"The torchsharp {tier} child for {modelFile} exited with {process.ExitCode} and {(result is null ? "no" : "a")} result line; its stderr: {Tail(errors.Result)}");
            }

            var report = JsonSerializer.Deserialize<TorchSharpWorkerResult>(result[TorchSharpWorker.ResultPrefix.Length..])
                ?? throw new TorchSharpChildException($"The torchsharp {tier} child printed an empty result.");
            var output = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outputFile)).ToArray();
            return new TorchSharpChildRun(tier, LatencySamples.From(report.SamplesMs), report.FirstRunMs, output, KernelRecord.Parse(lines, report.AtenCpuCapability), report.MatmulGflops);
        }
        finally
        {
            File.Delete(outputFile);
        }
    }

    /// <summary>Bench itself: its apphost beside this assembly, or <c>dotnet exec</c> of the assembly.</summary>
    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var assembly = typeof(TorchSharpChild).Assembly.Location;
        var apphost = Path.ChangeExtension(assembly, null);
        var start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost, arguments)
            : new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", ["exec", assembly, .. arguments]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    private static string Tail(string text) => text.Length <= 2_000 ? text : "..." + text[^2_000..];
}
