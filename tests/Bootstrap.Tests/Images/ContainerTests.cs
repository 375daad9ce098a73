using System.Globalization;
using System.Net;
using Toolkit.Bench.Commands;
using Toolkit.Bench.Lambda;
using Toolkit.Bootstrap.Tests.Aot;
using Toolkit.Bootstrap.Tests.Engines;
using Toolkit.Bootstrap.Tests.Hosts.Infrastructure;
using Toolkit.Bootstrap.Tests.Images.Infrastructure;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.Images;

/// <summary>
/// Builds the Cloud Run image with images/build.sh from the suite's one AOT publish, runs it with podman as FACTS.md
/// says containers run here, and checks one KServe v2 inference against the in-process engine. One image only: the
/// three Dockerfiles differ in paths and entry arguments, not in how the binary runs, and CI time is limited.
/// </summary>
[Collection(PublishedBootstrap.Collection)]
public sealed class ContainerTests(PublishedBootstrap published)
{
    private const string Model = MobileNetV1.Name;

    // The build reuses the publish and a model written here, so it is a podman build of about 35 MB; minutes are slack.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    // The bootstrap is ready in tens of milliseconds; the rest covers container creation on a loaded CI machine.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PodmanTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_cloud_run_image_answers_a_kserve_inference_with_the_engines_own_output()
    {
        Assert.True(
            ExternalCommand.IsOnPath("podman"),
            "podman is not installed, and the container test needs it: run `sudo apt-get install -y podman buildah runc` (.ci/run does).");
        Assert.True(published.ExitCode == 0, published.Output);

        var id = Guid.NewGuid().ToString("N")[..12];
        var work = Directory.CreateTempSubdirectory($"toolkit-image-{id}-").FullName;
        var prefix = $"toolkit-test-{id}";
        var image = $"localhost/{prefix}-cloudrun:latest";
        var container = $"{prefix}-cloudrun";
        var graph = ModelZoo.Build(Model);
        var modelDirectory = Directory.CreateDirectory(Path.Combine(work, "model")).FullName;
        // The image's binary is x86-64-v3, so its widest tier is AVX2; the in-process engine runs the same tier, which
        // makes the two outputs bit-identical.
        var isa = IsaSupport.IsSupported(Isa.Avx2) ? Isa.Avx2 : IsaSupport.Widest;

        // The file build.sh ships, written in-process: `model export` without a second `dotnet run`.
        Assert.Equal(0, ModelCommand.Export(Model, modelDirectory, ModelZoo.DefaultSeed, [isa], onnx: false));
        using var engine = KernelsEngine.Create(graph, isa, threads: 1);
        var input = SeededInputs.For(engine.Inputs)[0];
        var expected = EngineComparison.Run(engine, [input]);
        try
        {
            var build = ExternalCommand.Run(
                "bash",
                [Path.Combine(PublishedBootstrap.RepositoryRoot, "images", "build.sh"), "--only", "cloudrun", "--publish-dir", published.Directory,
                 "--model-dir", modelDirectory, "--out", Path.Combine(work, "out"), "--prefix", prefix],
                BuildTimeout);
            Assert.True(build.Succeeded, build.Output);

            var port = LoopbackPort.Free();
            var run = ExternalCommand.Run(
                "podman",
                ["run", "--detach", "--name", container, "--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
                 "--network", "host", "--env", $"PORT={port}", "--env", $"TOOLKIT_ISA={IsaSupport.Name(isa)}", image],
                PodmanTimeout);
            Assert.True(run.Succeeded, run.Output);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReadyAsync(http, container);
            using var response = await http.PostAsync($"/v2/models/{Model}/infer", Payloads.KServeBinary(input, Model, engine.Inputs[0].Name));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");

            var headerLength = response.Headers.TryGetValues(KServeBinaryFormat.HeaderLengthName, out var values)
                || response.Content.Headers.TryGetValues(KServeBinaryFormat.HeaderLengthName, out values)
                ? int.Parse(values.Single(), CultureInfo.InvariantCulture)
                : (int?)null;
            var output = new KServeBinaryFormat().Decode(body, MessageKind.Response, DecodeOptions.Default, headerLength).Tensors[0].Tensor;
            Assert.Equal(engine.Outputs[0].Shape, output.Shape);
            Assert.Equal(expected, output.AsSpan<float>().ToArray());
        }
        finally
        {
            ExternalCommand.Run("podman", ["rm", "--force", "--ignore", container], PodmanTimeout);
            ExternalCommand.Run("podman", ["rmi", "--force", "--ignore", image], PodmanTimeout);
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, string container)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ready = await http.GetAsync("/v2/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: the container is still starting.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        var logs = ExternalCommand.Run("podman", ["logs", container], PodmanTimeout);
        Assert.Fail($"The container was not ready on /v2/health/ready within {ReadyTimeout.TotalSeconds} s. Its output:\n{logs.Output}");
    }
}
