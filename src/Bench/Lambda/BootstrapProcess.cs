using System.Collections.Concurrent;
using System.Diagnostics;
using Toolkit.Bench.HeavyStack;

namespace Toolkit.Bench.Lambda;

/// <summary>
/// A bootstrap started as a child process against an emulator: <c>dotnet Toolkit.Bootstrap.dll</c> (JIT), the AOT
/// <c>bootstrap</c> executable or the heavy-stack baseline's <c>serve.py</c> (run with <see cref="PythonTorch.Interpreter"/>), with <c>AWS_LAMBDA_RUNTIME_API</c> and the caller's variables set. Its stdout lines are
/// kept (the cold-start JSON line is one of them) and its stderr is passed through to this process's stderr.
/// </summary>
public sealed class BootstrapProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly TaskCompletionSource<string> coldStartLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BootstrapProcess(Process process) => this.process = process;

    /// <summary>The harness's clock when the process was started (Stopwatch ms, the clock the timeline marks use).</summary>
    public double SpawnMs { get; private set; }

    public IReadOnlyCollection<string> StandardOutput => lines;

    public bool HasExited => process.HasExited;

    /// <summary>Also print each stdout line, prefixed, as it arrives (the interactive emulator command sets it).</summary>
    public bool EchoStandardOutput { get; set; }

    /// <param name="program">A <c>.dll</c> (run with <c>dotnet</c>), a <c>.py</c> script (run with <see cref="PythonTorch.Interpreter"/>) or an executable.</param>
    public static BootstrapProcess Start(string program, string runtimeApi, IReadOnlyDictionary<string, string> environment) =>
        Start(program, [], new Dictionary<string, string>(environment) { ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi });

    /// <summary>Starts any host: <paramref name="arguments"/> follow the program (<c>serve</c>, <c>--host</c>, …).</summary>
    /// <param name="launcher">A command the program runs behind (it must exec its arguments), or null.</param>
    public static BootstrapProcess Start(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? launcher = null)
    {
        string[] runner = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ["dotnet"]
            : program.EndsWith(".py", StringComparison.OrdinalIgnoreCase) ? [PythonTorch.Interpreter]
            : [];
        string[] command = [.. launcher ?? [], .. runner, program];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in command.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new BootstrapProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[bootstrap] {e.Data}");
            }
        };
        child.SpawnMs = Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The <c>{"event":"cold_start",…}</c> line the bootstrap writes after its first inference.</summary>
    public Task<string> ColdStartLineAsync(TimeSpan timeout) => coldStartLine.Task.WaitAsync(timeout);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        if (EchoStandardOutput)
        {
            Console.WriteLine($"[bootstrap] {line}");
        }

        if (line.StartsWith("{\"event\":\"cold_start\"", StringComparison.Ordinal))
        {
            coldStartLine.TrySetResult(line);
        }
    }
}
