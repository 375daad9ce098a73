using System.Diagnostics;

namespace Toolkit.Bootstrap.Tests.Aot;

/// <summary>
/// Publishes the bootstrap with Native AOT, as a user would, and checks that the build is clean and the binary runs on
/// the intended instruction set. Slow (about a minute), so it runs once per test run.
/// </summary>
public sealed class AotPublishTests : IClassFixture<AotPublishTests.Published>
{
    private readonly Published published;

    public AotPublishTests(Published published) => this.published = published;

    [Fact]
    public void Publishing_gives_no_aot_or_trim_warnings()
    {
        Assert.True(published.ExitCode == 0, published.Output);
        // ILC reports trim (IL2xxx) and AOT (IL3xxx) problems as warnings; any warning at all fails the test.
        var warnings = published.Output.Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(warnings.Count == 0, string.Join('\n', warnings));
    }

    [Fact]
    public void The_executable_is_named_bootstrap_and_runs_the_avx2_tier_or_wider()
    {
        var info = Run(Path.Combine(published.Directory, "bootstrap"), "--info");

        Assert.Contains("build: aot", info, StringComparison.Ordinal);
        // x86-64-v3 is the default instruction set: never the 128-bit path on an AVX2 machine.
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            Assert.Matches("isa: (avx2|avx512)", info);
        }
    }

    private static string Run(string path, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(path, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    public sealed class Published : IDisposable
    {
        public Published()
        {
            Directory = Path.Combine(Path.GetTempPath(), $"toolkit-aot-{Guid.NewGuid():N}");
            var project = Path.Combine(RepositoryRoot(), "src", "Bootstrap", "Toolkit.Bootstrap.csproj");
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

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Toolkit.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Toolkit.sln not found above the test directory.");
        }
    }
}
