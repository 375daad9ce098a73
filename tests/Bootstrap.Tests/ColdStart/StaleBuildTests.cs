using Toolkit.Bench.ColdStart;
using Toolkit.Bootstrap.Tests.Report;

namespace Toolkit.Bootstrap.Tests.ColdStart;

/// <summary>
/// A published bootstrap is current only while its recorded fingerprint matches the tree's: a change to any source of
/// the bootstrap's projects or build settings makes it stale (refused, with the command that rebuilds it), while
/// build outputs and other projects do not.
/// </summary>
public sealed class StaleBuildTests : IDisposable
{
    private readonly TempDirectory repository = new();

    private readonly BootstrapBuild build;

    public StaleBuildTests()
    {
        Write("src/Bootstrap/Toolkit.Bootstrap.csproj", "<Project />");
        Write("src/Kernels/Gemm.cs", "class Gemm { }");
        Write("src/Serialization/Codec.cs", "class Codec { }");
        Write("Directory.Packages.props", "<Project />");
        build = new BootstrapBuild("aot", Path.Combine(repository.Path, "artifacts", "bootstrap", "aot", "bootstrap"));
        Write("artifacts/bootstrap/aot/bootstrap", "binary");
        File.WriteAllText(build.StampPath, BootstrapSources.Fingerprint(repository.Path) + "\n");
    }

    public void Dispose() => repository.Dispose();

    [Fact]
    public void A_build_stamped_with_the_trees_fingerprint_is_current()
    {
        Assert.Equal(repository.Path, BootstrapSources.FindRepository(Path.Combine(repository.Path, "src", "Kernels")));
        Assert.Null(build.StaleReason(repository.Path));
    }

    [Theory]
    [InlineData("src/Kernels/Gemm.cs")]
    [InlineData("src/Serialization/Codec.cs")]
    [InlineData("Directory.Packages.props")]
    public void Changing_a_source_makes_it_stale_and_says_how_to_rebuild(string source)
    {
        Write(source, "// changed");

        var reason = build.StaleReason(repository.Path);

        Assert.NotNull(reason);
        Assert.Contains("published from other sources than this tree's", reason, StringComparison.Ordinal);
        Assert.Contains(BootstrapBuild.PublishHint, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_source_file_makes_it_stale_too()
    {
        Write("src/Bootstrap/Hosts/NewHost.cs", "class NewHost { }");

        Assert.NotNull(build.StaleReason(repository.Path));
    }

    [Fact]
    public void Build_outputs_and_other_projects_do_not_count()
    {
        Write("src/Kernels/bin/Release/Toolkit.Kernels.dll", "x");
        Write("src/Kernels/obj/project.assets.json", "{}");
        Write("src/Bench/Program.cs", "class Program { }");

        Assert.Null(build.StaleReason(repository.Path));
    }

    [Fact]
    public void A_build_without_a_fingerprint_is_stale()
    {
        File.Delete(build.StampPath);

        Assert.Contains("it has no fingerprint", build.StaleReason(repository.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void The_jit_build_is_never_stale()
    {
        Write("src/Kernels/Gemm.cs", "// changed");

        Assert.Null(BootstrapBuild.Jit.StaleReason(repository.Path));
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(repository.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
