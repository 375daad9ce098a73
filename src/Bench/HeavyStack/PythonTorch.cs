using System.Diagnostics;

namespace Toolkit.Bench.HeavyStack;

/// <summary>
/// The heavy-stack baseline's runtime: Debian's <c>/usr/bin/python3</c> with its <c>python3-torch</c> (PyTorch 1.13,
/// CPU), the kind of Python + framework stack the paper's platforms ran, serving our scripts under
/// <c>HeavyStack/python</c> beside this program. The interpreter is named by path: a <c>python3</c> earlier on PATH
/// (pyenv, a virtual environment) does not see Debian's packages.
/// </summary>
public static class PythonTorch
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>The engine name the Python build's rows carry.</summary>
    public const string EngineName = "torch";

    public const string InstallCommand = "sudo apt-get install -y python3-torch";

    /// <summary>How long importing torch may take in the check: about 1 s here, far more on a cold page cache.</summary>
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string?> SystemMissingReason = new(() => MissingReason(Interpreter));

    /// <summary>The server every host runs: <c>serve.py</c>, started like the bootstrap (<c>serve</c>, <c>--host</c>).</summary>
    public static string ServeScript { get; } = Path.Combine(AppContext.BaseDirectory, "HeavyStack", "python", "serve.py");

    /// <summary>Why this machine's <see cref="Interpreter"/> cannot run the baseline, or null when it can (checked once).</summary>
    public static string? MissingReason() => SystemMissingReason.Value;

    /// <summary>
    /// Why <paramref name="interpreter"/> cannot <c>import torch</c> (the last line of its error, and the command that
    /// fixes it), or null when it can.
    /// </summary>
    /// <param name="environment">Variables to set for the check (tests point <c>PYTHONPATH</c> at a stand-in torch).</param>
    public static string? MissingReason(string interpreter, IReadOnlyDictionary<string, string>? environment = null)
    {
        var command = $"{interpreter} -c \"import torch\"";
        if (!File.Exists(interpreter))
        {
            return $"{interpreter} does not exist, so `{command}` cannot run. To add the python build, run: {InstallCommand}";
        }

        var start = new ProcessStartInfo(interpreter, ["-c", "import torch"]) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {interpreter}.");
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ImportTimeout))
        {
            process.Kill(entireProcessTree: true);
            return $"`{command}` did not finish within {ImportTimeout.TotalSeconds:F0} s.";
        }

        if (process.ExitCode == 0)
        {
            return null;
        }

        var lastLine = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
        return $"`{command}` fails ({lastLine}). To add the python build, run: {InstallCommand}";
    }
}
