using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Lambda;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Protocols.Remote;

namespace Toolkit.Bootstrap.Tests.Protocols;

/// <summary>
/// <c>protocols --target</c> against local bootstraps reached by URL only (the JIT build beside the tests, transport-only
/// engine): a Cloud Run service (every format, the signature from its metadata) and a SageMaker endpoint (REST formats
/// at its invocations URL, every request SigV4-signed with example credentials, which the container ignores).
/// </summary>
public sealed class RemoteTargetTests
{
    private static readonly AwsCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    [Fact]
    public async Task A_cloud_run_url_is_measured_on_every_format()
    {
        using var server = await ProtocolServer.StartAsync(BootstrapBuild.Jit, "mobilenet_v1", "transport-only", CancellationToken.None);
        var target = RemoteTarget.Create(server.Address.ToString(), RemoteTarget.CloudRun);

        var rows = await new RemoteProtocolExperiment(target, ["mobilenet_v1"], [1], ProtocolFormat.All, quick: true).RunAsync(CancellationToken.None);

        Assert.Equal(ProtocolFormat.All.Select(f => f.Name), rows.Select(r => r.Format));
        Assert.All(rows, r => Assert.True(r.Errors == 0, $"{r.Format}: {r.FirstError}"));
        Assert.All(rows, r => Assert.Equal(server.Address.ToString(), r.Target));
        Assert.All(rows, r => Assert.True(r.InferenceMs is not null, "Cloud Run reports Server-Timing"));
    }

    [Fact]
    public async Task A_sagemaker_url_is_measured_on_the_rest_formats_with_signed_requests()
    {
        var port = LoopbackPort.Free();
        var environment = ColdStartProbe.Environment("mobilenet_v1", "transport-only", Path.GetTempPath(), port);
        using var process = BootstrapProcess.Start(BootstrapBuild.Jit.Program, ColdStartProbe.Arguments("sagemaker"), environment);
        var address = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        await WaitForPingAsync(process, new Uri(address + "/ping"));
        var target = RemoteTarget.Create(address + "/invocations", RemoteTarget.SageMaker, Example, "us-east-1");

        var rows = await new RemoteProtocolExperiment(target, ["mobilenet_v1"], [1, 4], ProtocolFormat.All, quick: true).RunAsync(CancellationToken.None);

        Assert.Equal(["tfserving_json", "kserve_json", "kserve_binary"], rows.Where(r => r.Concurrency == 1).Select(r => r.Format));
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.True(r.Errors == 0, $"{r.Format} c={r.Concurrency}: {r.FirstError}"));
        Assert.All(rows, r => Assert.Equal(RemoteTarget.SageMaker, r.Build));
    }

    [Theory]
    [InlineData("ftp://example.com", "cloudrun", "--target")]
    [InlineData("https://example.com", "fargate", "--platform")]
    public void A_bad_target_or_platform_is_refused_by_name(string url, string platform, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => RemoteTarget.Create(url, platform));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lambda_function_urls_take_the_rest_routes_under_the_url()
    {
        var target = RemoteTarget.Create("https://abc.lambda-url.eu-west-1.on.aws/", RemoteTarget.LambdaUrl);

        Assert.Equal(new Uri("https://abc.lambda-url.eu-west-1.on.aws/v2/models/bert/infer"), target.RestUri(ProtocolFormat.Get("kserve_binary"), "bert"));
        Assert.Equal(["tfserving_json", "kserve_json", "kserve_binary"], target.Supported(ProtocolFormat.All).Select(f => f.Name));
    }

    private static async Task WaitForPingAsync(BootstrapProcess process, Uri ping)
    {
        using var client = new HttpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Assert.False(process.HasExited, $"The SageMaker bootstrap exited: {string.Join(" | ", process.StandardOutput)}");
            try
            {
                using var response = await client.GetAsync(ping, timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(10, timeout.Token);
        }
    }
}
