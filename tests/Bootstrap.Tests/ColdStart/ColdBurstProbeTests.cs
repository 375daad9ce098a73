using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Models;

namespace Toolkit.Bootstrap.Tests.ColdStart;

/// <summary>The paper's cold burst against a real bootstrap process (the JIT build beside the tests): none may fail.</summary>
public class ColdBurstProbeTests
{
    [Theory]
    [InlineData("cloudrun")]
    [InlineData("sagemaker")]
    public async Task Forty_requests_at_the_spawn_of_a_fresh_process_all_succeed(string host)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"toolkit-coldburst-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            File.Copy(ModelArtifacts.ToolkitPath("mobilenet_v1"), Path.Combine(directory, "mobilenet_v1.tkm"));

            var burst = await ColdBurstProbe.RunAsync(BootstrapBuild.Jit, host, "kernels", FirstRequest.For("mobilenet_v1"), directory, ColdBurstProbe.DefaultRequests, CancellationToken.None);

            Assert.True(burst.Failed == 0, $"{burst.Failed} of {burst.Requests} failed: {string.Join("; ", burst.Failures)}");
            Assert.Equal(ColdBurstProbe.DefaultRequests, burst.LatenciesMs.Count);
            Assert.All(burst.LatenciesMs, latency => Assert.InRange(latency, 0, ColdBurstProbe.Deadline.TotalMilliseconds));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_bootstrap_whose_model_fails_to_load_fails_every_request_of_the_burst_with_a_reason()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"toolkit-coldburst-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            // A model file that is not one: the load fails, and whether the process answers with errors or exits, no
            // request may count as answered. (A missing file would not do: the bootstrap builds zoo models from their seed.)
            await File.WriteAllTextAsync(Path.Combine(directory, "mobilenet_v1.tkm"), "not a model");
            var burst = await ColdBurstProbe.RunAsync(BootstrapBuild.Jit, "cloudrun", "kernels", FirstRequest.For("mobilenet_v1"), directory, 4, CancellationToken.None);

            Assert.Equal((4, 4), (burst.Requests, burst.Failed));
            Assert.NotEmpty(burst.Failures);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_lambda_host_takes_no_burst()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ColdBurstProbe.RunAsync(BootstrapBuild.Jit, "lambda", "kernels", FirstRequest.For("mobilenet_v1"), "unused", 1, CancellationToken.None));
    }
}
