using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using Toolkit.Bootstrap.Startup;

namespace Toolkit.Bootstrap.Tests.Aot;

/// <summary>
/// The published x86-64-v3 bootstrap replaces itself with a <c>bootstrap-v4</c> beside it on an AVX-512 CPU, before
/// its runtime starts (Startup/Native/relaunch.c). The sibling here is a shell script that reports how it was
/// started, so the test sees the exec itself: path, arguments and the variable that stops a second relaunch; with the
/// v3 build itself as the sibling, that variable is shown to keep the relaunch to one.
/// </summary>
[Collection(PublishedBootstrap.Collection)]
public sealed class InstructionSetRelaunchTests : IDisposable
{
    private readonly PublishedBootstrap published;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"toolkit-relaunch-{Guid.NewGuid():N}");

    public InstructionSetRelaunchTests(PublishedBootstrap published)
    {
        this.published = published;
        Directory.CreateDirectory(directory);
    }

    private static bool CpuHasV4 => Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported;

    private string Bootstrap => Path.Combine(directory, "bootstrap");

    private string Sibling => Bootstrap + InstructionSetRelaunch.SiblingSuffix;

    [Fact]
    public void An_avx512_cpu_execs_the_sibling_with_the_same_arguments_once()
    {
        CopyBootstrap();
        WriteSibling();

        var output = Run(new Dictionary<string, string?>(), "--info", "--host", "lambda");

        Assert.Equal(CpuHasV4 ? $"sibling: {Sibling} --info --host lambda relaunched=1" : null, output.SiblingLine);
        Assert.Equal(!CpuHasV4, output.Text.Contains("build: aot", StringComparison.Ordinal));
    }

    [Fact]
    public void A_relaunched_sibling_that_could_relaunch_again_does_not()
    {
        // The sibling is the v3 build itself, constructor and all, with a third build beside it that reports an exec:
        // only the variable the first exec sets can stop the sibling from going on to it.
        CopyBootstrap();
        File.Copy(Bootstrap, Sibling);
        WriteScript(Sibling + InstructionSetRelaunch.SiblingSuffix);

        var output = Run(new Dictionary<string, string?>(), "--info");

        Assert.Null(output.SiblingLine);
        Assert.Contains("build: aot", output.Text, StringComparison.Ordinal);
        Assert.Contains(CpuHasV4 ? "relaunched: yes" : "relaunched: no", output.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InstructionSetRelaunch.SwitchVariable, "0")]
    [InlineData(InstructionSetRelaunch.RelaunchedVariable, "1")]
    public void The_switch_or_an_earlier_relaunch_keeps_the_v3_build(string variable, string value)
    {
        CopyBootstrap();
        WriteSibling();

        var output = Run(new Dictionary<string, string?> { [variable] = value }, "--info");

        Assert.Null(output.SiblingLine);
        Assert.Contains("build: aot", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_sibling_the_v3_build_serves_and_says_it_was_not_relaunched()
    {
        CopyBootstrap();

        var output = Run(new Dictionary<string, string?>(), "--info");

        Assert.Contains("build: aot", output.Text, StringComparison.Ordinal);
        Assert.Contains("relaunched: no", output.Text, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private void CopyBootstrap()
    {
        Assert.True(published.ExitCode == 0, published.Output);
        File.Copy(Path.Combine(published.Directory, "bootstrap"), Bootstrap);
    }

    private void WriteSibling() => WriteScript(Sibling);

    /// <summary>A stand-in build at <paramref name="path"/> that reports how it was started instead of serving.</summary>
    private static void WriteScript(string path)
    {
        File.WriteAllText(path, "#!/bin/sh\necho \"sibling: $0 $* relaunched=$TOOLKIT_RELAUNCHED\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }
    }

    private (string Text, string? SiblingLine) Run(Dictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Bootstrap, arguments) { RedirectStandardOutput = true };
        start.Environment.Remove(InstructionSetRelaunch.SwitchVariable);
        start.Environment.Remove(InstructionSetRelaunch.RelaunchedVariable);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (text, text.Split('\n').FirstOrDefault(l => l.StartsWith("sibling: ", StringComparison.Ordinal)));
    }
}
