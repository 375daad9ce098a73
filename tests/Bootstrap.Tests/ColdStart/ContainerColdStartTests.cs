using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Models;
using Toolkit.Bootstrap.Tests.Aot;
using Toolkit.Bootstrap.Tests.Images.Infrastructure;

namespace Toolkit.Bootstrap.Tests.ColdStart;

/// <summary>
/// <c>coldstart --container</c>'s probe against a real image: the Cloud Run image built with images/build.sh from the
/// suite's one AOT publish, started fresh with podman, timed and removed. One image only, as in ContainerTests: the
/// three differ in paths and entry arguments, not in how a container starts.
/// </summary>
[Collection(PublishedBootstrap.Collection)]
public sealed class ContainerColdStartTests(PublishedBootstrap published)
{
    /// <summary>What follows the first_inference mark (encoding the response, reading it in the harness): the same
    /// allowance as the process probe's test, at least 250 ms or a quarter of the whole start on a loaded machine.</summary>
    private const double ResponseAllowanceMs = 250;

    private const double ResponseAllowanceShare = 0.25;

    [Fact]
    public async Task A_fresh_container_has_a_container_init_and_phases_that_add_up_to_its_end_to_end_time()
    {
        Assert.True(ContainerImages.PodmanInstalled(), $"podman is not installed, and the container cold-start test needs it: run `{ContainerImages.InstallCommand}` (.ci/run does).");
        Assert.True(published.ExitCode == 0, published.Output);
        var id = Guid.NewGuid().ToString("N")[..12];
        var work = Directory.CreateTempSubdirectory($"toolkit-coldstart-{id}-").FullName;
        var modelDirectory = Directory.CreateDirectory(Path.Combine(work, "model")).FullName;
        File.Copy(ModelArtifacts.ToolkitPath("mobilenet_v1"), Path.Combine(modelDirectory, "mobilenet_v1.tkm"));
        var prefix = $"toolkit-test-{id}";
        ContainerImages? images = null;
        try
        {
            images = ContainerImages.Build(["cloudrun"], published.Directory, modelDirectory, "mobilenet_v1", Path.Combine(work, "out"), prefix);

            var sample = await ContainerColdStartProbe.RunAsync(images, "cloudrun", "kernels", FirstRequest.For("mobilenet_v1"), emulator: null, CancellationToken.None);

            Assert.True(sample.ContainerInitMs > 0, $"container_init_ms = {sample.ContainerInitMs}");
            Assert.All([sample.ContainerInitMs!.Value, sample.RuntimeInitMs, sample.ModelLoadMs, sample.FirstInferenceMs], phase => Assert.InRange(phase, 0, sample.EndToEndMs));
            var phases = sample.ContainerInitMs.Value + sample.RuntimeInitMs + sample.ModelLoadMs + sample.FirstInferenceMs;
            Assert.InRange(sample.EndToEndMs - phases, 0, Math.Max(ResponseAllowanceMs, ResponseAllowanceShare * sample.EndToEndMs));
            var left = ExternalCommand.Run("podman", ["ps", "--all", "--quiet", "--filter", $"name={prefix}"], TimeSpan.FromMinutes(1));
            Assert.True(left.Succeeded && left.Output.Trim().Length == 0, $"containers left behind: {left.Output}");
        }
        finally
        {
            images?.Remove(["cloudrun"]);
            Directory.Delete(work, recursive: true);
        }
    }
}
