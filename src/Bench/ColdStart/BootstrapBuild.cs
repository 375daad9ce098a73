using System.Diagnostics;
using Toolkit.Bench.HeavyStack;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// A bootstrap build to start: <c>jit</c> is <c>Toolkit.Bootstrap.dll</c> beside this program (run with <c>dotnet</c>);
/// <c>aot</c> is the Native-AOT <c>bootstrap</c> (x86-64-v3) with its <c>bootstrap-v4</c> sibling, published under
/// <c>artifacts/bootstrap/aot</c>; <c>r2r</c> is the framework-dependent <c>bootstrap.dll</c> with ReadyToRun code
/// (PublishReadyToRun: our assemblies precompiled, the JIT still there for what the precompiled code cannot cover),
/// published under <c>artifacts/bootstrap/r2r</c> and run with <c>dotnet</c> like the JIT build. <c>python</c> is not a
/// bootstrap but the heavy-stack baseline beside them: our Python + PyTorch server (<see cref="PythonTorch"/>), which
/// serves every model on its one engine, <see cref="Engine"/>.
/// </summary>
/// <param name="Engine">The one engine the build serves with, or null for a bootstrap, which takes any of <c>--engines</c>.</param>
public sealed record BootstrapBuild(string Name, string Program, string? Engine = null)
{
    public static string AotDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "bootstrap", "aot");

    public static BootstrapBuild Jit { get; } = new("jit", Path.Combine(AppContext.BaseDirectory, "Toolkit.Bootstrap.dll"));

    public static BootstrapBuild Aot { get; } = new("aot", Path.Combine(AotDirectory, "bootstrap"));

    public static string ReadyToRunDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "bootstrap", "r2r");

    public static BootstrapBuild ReadyToRun { get; } = new("r2r", Path.Combine(ReadyToRunDirectory, "bootstrap.dll"));

    public static BootstrapBuild Python { get; } = new("python", PythonTorch.ServeScript, PythonTorch.EngineName);

    /// <summary>The build named <c>aot</c>, <c>jit</c> or <c>r2r</c>.</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static BootstrapBuild Named(string name) => name switch
    {
        "aot" => Aot,
        "jit" => Jit,
        "r2r" => ReadyToRun,
        _ => throw new ArgumentException($"--builds takes aot, jit or r2r; received '{name}'.", nameof(name)),
    };

    /// <summary>A build <c>coldstart --builds</c> names: a bootstrap build or <c>python</c>.</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static BootstrapBuild ForColdStart(string name) => name switch
    {
        "python" => Python,
        "aot" or "jit" or "r2r" => Named(name),
        _ => throw new ArgumentException($"--builds takes aot, jit, r2r or python; received '{name}'.", nameof(name)),
    };

    public bool Exists => File.Exists(Program);

    /// <summary>
    /// Why this build cannot start here, with the command that adds it, or null when it can: an AOT or ReadyToRun build
    /// not published, or (python) an interpreter that cannot import torch.
    /// </summary>
    public string? MissingReason()
    {
        if (!Exists)
        {
            return $"no {Name} build at {Program}. To add it, run: {(this == Python ? "dotnet build -c Release src/Bench" : PublishHint)}";
        }

        return this == Python ? PythonTorch.MissingReason() : null;
    }

    /// <summary>The engines this build runs of those asked for: its own one, if it has one.</summary>
    public IReadOnlyList<string> EnginesOf(IReadOnlyList<string> requested) => Engine is { } own ? [own] : requested;

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
