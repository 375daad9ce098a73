using System.Diagnostics;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// A bootstrap build to start: <c>jit</c> is <c>Toolkit.Bootstrap.dll</c> beside this program (run with <c>dotnet</c>);
/// <c>aot</c> is the Native-AOT <c>bootstrap</c> (x86-64-v3) with its <c>bootstrap-v4</c> sibling, published under
/// <c>artifacts/bootstrap/aot</c>.
/// </summary>
public sealed record BootstrapBuild(string Name, string Program)
{
    public static string AotDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "bootstrap", "aot");

    public static BootstrapBuild Jit { get; } = new("jit", Path.Combine(AppContext.BaseDirectory, "Toolkit.Bootstrap.dll"));

    public static BootstrapBuild Aot { get; } = new("aot", Path.Combine(AotDirectory, "bootstrap"));

    public bool Exists => File.Exists(Program);

    /// <summary>The command that publishes the AOT builds this harness looks for.</summary>
    public static string PublishHint => "dotnet run -c Release --project src/Bench -- coldstart --publish";

    /// <summary>
    /// Publishes the x86-64-v3 <c>bootstrap</c> and, beside it, the x86-64-v4 <c>bootstrap-v4</c> it relaunches into on
    /// AVX-512 hosts. Takes a few minutes: Native AOT compiles the whole program twice.
    /// </summary>
    /// <exception cref="InvalidOperationException">The source tree is not found or a publish fails.</exception>
    public static void PublishAot()
    {
        var project = FindProject();
        var v4Directory = AotDirectory + "-v4";
        Publish(project, AotDirectory, "x86-64-v3");
        Publish(project, v4Directory, "x86-64-v4");
        File.Copy(Path.Combine(v4Directory, "bootstrap"), Path.Combine(AotDirectory, "bootstrap-v4"), overwrite: true);
    }

    private static void Publish(string project, string output, string instructionSet)
    {
        Console.WriteLine($"coldstart: publishing the {instructionSet} AOT bootstrap to {output} …");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", $"-p:IlcInstructionSet={instructionSet}"]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of {project} for {instructionSet} failed with exit code {process.ExitCode}.");
        }
    }

    private static string FindProject()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "src", "Bootstrap", "Toolkit.Bootstrap.csproj");
            if (File.Exists(project))
            {
                return project;
            }
        }

        throw new InvalidOperationException($"src/Bootstrap/Toolkit.Bootstrap.csproj was not found above {Environment.CurrentDirectory}; run from the repository.");
    }
}
