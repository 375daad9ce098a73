using System.Diagnostics;

namespace Toolkit.Bootstrap.Tests.Images.Infrastructure;

/// <summary>Runs a command line tool (podman, bash) to completion and keeps what it printed, for assertion messages.</summary>
internal static class ExternalCommand
{
    public sealed record Result(int ExitCode, string Output)
    {
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>True when <paramref name="name"/> is an executable file in a PATH folder.</summary>
    public static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, name)));

    /// <exception cref="TimeoutException">The command ran longer than <paramref name="timeout"/>; it is killed first.</exception>
    public static Result Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} ran longer than {timeout.TotalSeconds} s.");
        }

        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }
}
