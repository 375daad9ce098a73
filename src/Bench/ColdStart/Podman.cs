using System.Diagnostics;

namespace Toolkit.Bench.ColdStart;

/// <summary>Runs podman (or the image build script) to completion, keeping what it printed for error messages.</summary>
public static class Podman
{
    /// <summary>
    /// The options every container here needs (FACTS.md): the runc runtime, file and process limits that fit this
    /// machine's user namespace, and the host's network, so the harness reaches the server on loopback and a Lambda
    /// container reaches the Runtime API emulator on 127.0.0.1.
    /// </summary>
    public static IReadOnlyList<string> RunOptions { get; } = ["--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--network", "host"];

    /// <exception cref="TimeoutException">The command ran longer than <paramref name="timeout"/>; it is killed first.</exception>
    public static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} ran longer than {timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Kills and removes a container by name; no error when it is already gone.</summary>
    public static void Remove(string container) => Run("podman", ["rm", "--force", "--ignore", "--time", "0", container], TimeSpan.FromMinutes(1));
}
