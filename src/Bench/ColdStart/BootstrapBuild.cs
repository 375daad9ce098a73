using System.Diagnostics;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// A bootstrap build to start: <c>jit</c> is <c>Toolkit.Bootstrap.dll</c> beside this program (run with <c>dotnet</c>);
/// <c>aot</c> is the Native-AOT <c>bootstrap</c> (x86-64-v3) with its <c>bootstrap-v4</c> sibling, published under
/// <c>artifacts/bootstrap/aot</c>; <c>r2r</c> is the framework-dependent <c>bootstrap.dll</c> with ReadyToRun code
/// (PublishReadyToRun: our assemblies precompiled, the JIT still there for what the precompiled code cannot cover),
/// published under <c>artifacts/bootstrap/r2r</c> and run with <c>dotnet</c> like the JIT build.
/// </summary>
public sealed record BootstrapBuild(string Name, string Program)
{
    public static string AotDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "bootstrap", "aot");

    public static BootstrapBuild Jit { get; } = new("jit", Path.Combine(AppContext.BaseDirectory, "Toolkit.Bootstrap.dll"));

    public static BootstrapBuild Aot { get; } = new("aot", Path.Combine(AotDirectory, "bootstrap"));

    public static string ReadyToRunDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "bootstrap", "r2r");

    public static BootstrapBuild ReadyToRun { get; } = new("r2r", Path.Combine(ReadyToRunDirectory, "bootstrap.dll"));

    /// <summary>The build named <c>aot</c>, <c>jit</c> or <c>r2r</c>.</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static BootstrapBuild Named(string name) => name switch
    {
        "aot" => Aot,
        "jit" => Jit,
        "r2r" => ReadyToRun,
        _ => throw new ArgumentException($"--builds takes aot, jit or r2r; received '{name}'.", nameof(name)),
    };

    public bool Exists => File.Exists(Program);

    /// <summary>The command that publishes the AOT builds this harness looks for.</summary>
    public static string PublishHint => "dotnet run -c Release --project src/Bench -- coldstart --builds aot jit r2r --publish";

    /// <summary>
    /// Publishes the x86-64-v3 <c>bootstrap</c> and, beside it, the x86-64-v4 <c>bootstrap-v4</c> it relaunches into on
    /// AVX-512 hosts. Takes a few minutes: Native AOT compiles the whole program twice.
    /// </summary>
    /// <exception cref="InvalidOperationException">The source tree is not found or a publish fails.</exception>
    public static void PublishAot()
    {
        var project = FindProject();
        var v4Directory = AotDirectory + "-v4";
        Publish(project, AotDirectory, "the x86-64-v3 AOT bootstrap", "-p:IlcInstructionSet=x86-64-v3");
        Publish(project, v4Directory, "the x86-64-v4 AOT bootstrap", "-p:IlcInstructionSet=x86-64-v4");
        File.Copy(Path.Combine(v4Directory, "bootstrap"), Path.Combine(AotDirectory, "bootstrap-v4"), overwrite: true);
    }

    /// <summary>
    /// Publishes the ReadyToRun build: framework-dependent (the shared framework already ships precompiled, as on a
    /// platform's .NET runtime) with PublishAot switched off. Takes under a minute.
    /// </summary>
    /// <exception cref="InvalidOperationException">The source tree is not found or the publish fails.</exception>
    public static void PublishReadyToRun() =>
        Publish(FindProject(), ReadyToRunDirectory, "the ReadyToRun bootstrap", "--self-contained", "false", "-p:PublishAot=false", "-p:PublishReadyToRun=true");

    private static void Publish(string project, string output, string what, params string[] properties)
    {
        Console.WriteLine($"coldstart: publishing {what} to {output} …");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", .. properties]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of {project} ({what}) failed with exit code {process.ExitCode}.");
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
