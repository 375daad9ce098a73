using Toolkit.Bench.ColdStart;
using Toolkit.Bootstrap.Startup;

namespace Toolkit.Bootstrap.Tests.ColdStart;

/// <summary>
/// The three ways an AOT process starts, as coldstart builds: aot (v3, relaunching on AVX-512) keeps its meaning,
/// aot-v3 is the same binary told not to relaunch, aot-v4 the sibling started directly, skipped on a CPU without
/// AVX-512; all three come from one publish with one stamp.
/// </summary>
public sealed class RelaunchBuildTests
{
    private static readonly string[] AllHosts = ["lambda", "sagemaker", "cloudrun"];

    [Fact]
    public void Coldstart_names_the_three_aot_starts_and_each_starts_its_binary_with_its_variables()
    {
        var (aot, v3, v4) = (BootstrapBuild.ForColdStart("aot"), BootstrapBuild.ForColdStart("aot-v3"), BootstrapBuild.ForColdStart("aot-v4"));
        var harness = new Dictionary<string, string> { ["TOOLKIT_MODEL"] = "mobilenet_v1", [InstructionSetRelaunch.SwitchVariable] = "1" };

        Assert.Equal(("aot", Path.Combine(BootstrapBuild.AotDirectory, "bootstrap")), (aot.Name, aot.Program));
        Assert.Equal(harness, aot.StartVariables(harness));
        Assert.Equal(("aot-v3", aot.Program), (v3.Name, v3.Program));
        Assert.Equal(new Dictionary<string, string> { ["TOOLKIT_MODEL"] = "mobilenet_v1", [InstructionSetRelaunch.SwitchVariable] = "0" }, v3.StartVariables(harness));
        Assert.Equal(("aot-v4", Path.Combine(BootstrapBuild.AotDirectory, "bootstrap" + InstructionSetRelaunch.SiblingSuffix)), (v4.Name, v4.Program));
        Assert.Equal(harness, v4.StartVariables(harness));
    }

    [Fact]
    public void An_unknown_build_is_refused_with_the_names_coldstart_takes()
    {
        var error = Assert.Throws<ArgumentException>(() => BootstrapBuild.ForColdStart("aot-v5"));

        Assert.Contains("aot, aot-v3, aot-v4, jit, r2r or python", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_variants_are_published_by_the_aot_publish_and_share_its_stamp()
    {
        Assert.All([BootstrapBuild.Aot, BootstrapBuild.AotV3, BootstrapBuild.AotV4], build =>
        {
            Assert.Same(BootstrapBuild.Aot, build.Publication);
            Assert.Equal(BootstrapBuild.Aot.StampPath, build.StampPath);
        });
        Assert.Same(BootstrapBuild.ReadyToRun, BootstrapBuild.ReadyToRun.Publication);
        Assert.Null(BootstrapBuild.Jit.Publication);
    }

    [Fact]
    public void A_cpu_without_avx512_skips_the_direct_v4_start_with_the_reason_even_when_it_is_there()
    {
        var present = BootstrapBuild.AotV4 with { Program = typeof(RelaunchBuildTests).Assembly.Location };

        Assert.Contains("this CPU has no AVX-512", present.MissingReason(cpuHasAvx512: false), StringComparison.Ordinal);
        Assert.DoesNotContain("AVX-512", (BootstrapBuild.AotV4 with { Program = "/nonexistent/bootstrap-v4" }).MissingReason(cpuHasAvx512: true), StringComparison.Ordinal);
        Assert.DoesNotContain("AVX-512", (BootstrapBuild.AotV3 with { Program = "/nonexistent/bootstrap" }).MissingReason(cpuHasAvx512: false), StringComparison.Ordinal);
    }

    [Fact]
    public void The_variants_ride_along_with_aot_only_where_the_scope_is_covered_and_not_twice()
    {
        IReadOnlyList<BootstrapBuild> AddedTo(BootstrapBuild[] builds, string[]? hosts = null, string[]? engines = null) =>
            RelaunchScope.Added(builds, hosts ?? AllHosts, engines ?? ["kernels"], ["mobilenet_v1", "bert"], ["warm", "evicted"]);

        Assert.Equal([BootstrapBuild.AotV3, BootstrapBuild.AotV4], AddedTo([BootstrapBuild.Aot, BootstrapBuild.Jit]));
        Assert.Equal([BootstrapBuild.AotV3], AddedTo([BootstrapBuild.Aot, BootstrapBuild.AotV4]));
        Assert.Empty(AddedTo([BootstrapBuild.Jit, BootstrapBuild.AotV4]));
        Assert.Empty(AddedTo([BootstrapBuild.Aot], hosts: ["sagemaker", "cloudrun"]));
        Assert.Empty(AddedTo([BootstrapBuild.Aot], engines: ["onnxruntime"]));
        Assert.True(RelaunchScope.Covers("lambda", "kernels", "mobilenet_v1", "warm"));
        Assert.False(RelaunchScope.Covers("lambda", "kernels", "bert", "warm"));
    }
}
