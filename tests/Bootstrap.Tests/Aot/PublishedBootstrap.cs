using System.Diagnostics;

namespace Toolkit.Bootstrap.Tests.Aot;

/// <summary>
/// One Native-AOT publish of the bootstrap, as a user would run it, shared by every test that needs the executable
/// (the AOT checks and the container image). Publishing takes a minute or more, so the suite does it once; the tests
/// that share it form one collection and run one after another.
/// </summary>
public sealed class PublishedBootstrap : IDisposable
{
    /// <summary>The xUnit collection whose tests share the publish.</summary>
    public const string Collection = "Published AOT bootstrap";

    public PublishedBootstrap()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"toolkit-aot-{Guid.NewGuid():N}");
        var project = Path.Combine(RepositoryRoot, "src", "Bootstrap", "Toolkit.Bootstrap.csproj");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", Directory, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        Output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        ExitCode = process.ExitCode;
    }

    /// <summary>The folder above the test binaries that holds Toolkit.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Directory { get; }

    public string Output { get; }

    public int ExitCode { get; }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Toolkit.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Toolkit.sln not found above the test directory.");
    }
}

[CollectionDefinition(PublishedBootstrap.Collection)]
public sealed class PublishedBootstrapGroup : ICollectionFixture<PublishedBootstrap>;
