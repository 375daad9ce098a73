using System.Diagnostics;

namespace Toolkit.Bench.HeavyStack;

/// <summary>
/// The default run's set-up of the heavy-stack baseline: where <c>import torch</c> fails and the run is root on a
/// Debian system, it installs Debian's <c>python3-torch</c> with the threaded OpenBLAS its NumPy and torch link
/// (the same packages <c>.ci/run</c> installs). A user without root gets the reason and the command instead.
/// </summary>
public static class PythonTorchInstaller
{
    private const string AptGet = "/usr/bin/apt-get";

    private static readonly string[] Packages = ["python3-torch", "libopenblas0-pthread"];

    /// <summary>Null when the baseline can run (after installing it if need be), else why it cannot, with the command.</summary>
    public static string? EnsureInstalled()
    {
        if (PythonTorch.MissingReason(PythonTorch.Interpreter) is not { } reason)
        {
            return null;
        }

        if (!Environment.IsPrivilegedProcess || !File.Exists(AptGet))
        {
            return reason + (Environment.IsPrivilegedProcess ? " (no apt-get here)" : " (the default run installs it only when run as root)");
        }

        Console.WriteLine($"installing {string.Join(" and ", Packages)} with apt-get for the heavy-stack baseline (a few minutes on a fresh machine) …");
        var clock = Stopwatch.StartNew();
        var installed = Apt(["install", "-y", "-q", .. Packages]) == 0 || (Apt(["update", "-q"]) == 0 && Apt(["install", "-y", "-q", .. Packages]) == 0);
        Console.WriteLine($"apt-get {(installed ? "installed" : "could not install")} {string.Join(", ", Packages)} in {clock.Elapsed.TotalSeconds:F0} s");
        return PythonTorch.MissingReason(PythonTorch.Interpreter);
    }

    private static int Apt(string[] arguments)
    {
        var start = new ProcessStartInfo(AptGet, arguments) { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {AptGet}.");
        process.WaitForExit();
        return process.ExitCode;
    }
}
