using System.Diagnostics;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// Publishes the AOT and ReadyToRun bootstraps from the working tree and stamps each with the fingerprint of the sources
/// it was built from (<see cref="BootstrapSources"/>). The fingerprint is taken before the publish starts, so an edit made
/// while it runs leaves the build stale rather than wrongly current.
/// </summary>
public static class BootstrapPublisher
{
    /// <summary>The compilers Native AOT's ILCompiler links with, in the order it looks for them.</summary>
    private static readonly string[] Linkers = ["clang", "gcc"];

    /// <summary>Why the AOT build cannot be published here, with the command that fixes it, or null when it can.</summary>
    public static string? AotUnavailableReason() =>
        Linkers.Any(OnPath)
            ? null
            : "Native AOT links with a C compiler, and neither clang nor gcc is on PATH. To add the AOT rows, install one (for example: sudo apt-get install -y gcc libc6-dev) and run again";

    /// <summary>
    /// Publishes <paramref name="requested"/>'s publication (aot for the three AOT builds, r2r) when it is missing or
    /// stale; returns what it did in a few words, or throws with the reason it could not.
    /// </summary>
    /// <exception cref="InvalidOperationException">No repository, no C compiler (aot), or a publish failed.</exception>
    public static string EnsureCurrent(BootstrapBuild requested)
    {
        var build = PublicationOf(requested);
        var repository = BootstrapSources.FindRepository() ?? throw new InvalidOperationException($"src/Bootstrap/Toolkit.Bootstrap.csproj was not found above {Environment.CurrentDirectory}; run from the repository.");
        if (build.Exists && build.StaleReason(repository) is null)
        {
            return "current";
        }

        var why = build.Exists ? "stale" : "missing";
        Publish(build, repository);
        return $"{why}, published";
    }

    /// <summary>Publishes <paramref name="requested"/>'s publication from <paramref name="repository"/> now, whatever its state.</summary>
    /// <exception cref="InvalidOperationException">No C compiler (aot) or a publish failed.</exception>
    public static void Publish(BootstrapBuild requested, string repository)
    {
        var build = PublicationOf(requested);
        if (build == BootstrapBuild.Aot && AotUnavailableReason() is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var fingerprint = BootstrapSources.Fingerprint(repository);
        var project = Path.Combine(repository, "src", "Bootstrap", "Toolkit.Bootstrap.csproj");
        if (File.Exists(build.StampPath))
        {
            File.Delete(build.StampPath);
        }

        if (build == BootstrapBuild.Aot)
        {
            // The x86-64-v3 bootstrap and, beside it, the x86-64-v4 bootstrap-v4 it relaunches into on AVX-512 hosts.
            var v4Directory = BootstrapBuild.AotDirectory + "-v4";
            Run(project, BootstrapBuild.AotDirectory, "the x86-64-v3 AOT bootstrap (1 of 2)", "-p:IlcInstructionSet=x86-64-v3");
            Run(project, v4Directory, "the x86-64-v4 AOT bootstrap (2 of 2)", "-p:IlcInstructionSet=x86-64-v4");
            File.Copy(Path.Combine(v4Directory, "bootstrap"), Path.Combine(BootstrapBuild.AotDirectory, "bootstrap-v4"), overwrite: true);
        }
        else
        {
            // Framework-dependent (the shared framework already ships precompiled, as on a platform's .NET runtime),
            // PublishAot switched off: our assemblies precompiled, the JIT kept for what that code cannot cover.
            Run(project, BootstrapBuild.ReadyToRunDirectory, "the ReadyToRun bootstrap", "--self-contained", "false", "-p:PublishAot=false", "-p:PublishReadyToRun=true");
        }

        File.WriteAllText(build.StampPath, fingerprint + "\n");
    }

    /// <exception cref="ArgumentException"><paramref name="requested"/> is not a published build (jit, python).</exception>
    private static BootstrapBuild PublicationOf(BootstrapBuild requested) => requested.Publication
        ?? throw new ArgumentException($"only the AOT builds and r2r are published; received {requested.Name}.", nameof(requested));

    private static void Run(string project, string output, string what, params string[] properties)
    {
        Console.WriteLine($"publishing {what} to {output} …");
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-v", "q", .. properties]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of {project} ({what}) failed with exit code {process.ExitCode}; its output is above.");
        }

        Console.WriteLine($"published {what} in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
