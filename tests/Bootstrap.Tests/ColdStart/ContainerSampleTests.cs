using Toolkit.Bench.ColdStart;

namespace Toolkit.Bootstrap.Tests.ColdStart;

/// <summary>Container mode without a container: how a container's line is joined with the harness clock, and the podman check.</summary>
public sealed class ContainerSampleTests
{
    [Fact]
    public void Without_podman_container_mode_fails_with_the_install_command()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ContainerImages.RequirePodman(searchPath: Path.Combine(Path.GetTempPath(), "no-podman-here")));

        Assert.EndsWith("install it with: sudo apt-get install -y podman buildah runc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_boundary_is_the_bootstraps_main_mark()
    {
        const string line = """{"event":"cold_start","load":"overlapped","isa":"avx2","marks_ms":{"process_start":1090,"main":1150,"model_loaded":1158,"runtime_ready":1160,"first_inference":1190}}""";

        var sample = ColdStartSample.FromContainer(line, spawnMs: 1000, respondedMs: 1195);

        Assert.Equal((150.0, 10.0, 0.0, 30.0, 195.0), (sample.ContainerInitMs!.Value, sample.RuntimeInitMs, sample.ModelLoadMs, sample.FirstInferenceMs, sample.EndToEndMs));
    }
}
