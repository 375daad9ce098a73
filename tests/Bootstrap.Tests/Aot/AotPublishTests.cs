using System.Diagnostics;

namespace Toolkit.Bootstrap.Tests.Aot;

/// <summary>
/// Publishes the bootstrap with Native AOT, as a user would, and checks that the build is clean and the binary runs on
/// the intended instruction set. The publish itself is <see cref="PublishedBootstrap"/>, done once per test run.
/// </summary>
[Collection(PublishedBootstrap.Collection)]
public sealed class AotPublishTests
{
    private readonly PublishedBootstrap published;

    public AotPublishTests(PublishedBootstrap published) => this.published = published;

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
}
