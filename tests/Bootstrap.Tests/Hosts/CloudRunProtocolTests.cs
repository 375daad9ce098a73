using System.Net;
using Grpc.Net.Client;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Tests.Hosts.Infrastructure;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Protos.KServe;

namespace Toolkit.Bootstrap.Tests.Hosts;

/// <summary>HTTP/1.1 and h2c on one port, the first response's timing, and one full-size MobileNetV1 call.</summary>
public sealed class CloudRunProtocolTests
{
    [Fact]
    public async Task Http1_and_h2c_clients_are_both_served_on_one_port()
    {
        using var model = new TinyModel();
        await using var harness = await HostHarness.StartTinyAsync(HostKind.CloudRun, model);

        using var http1 = new HttpRequestMessage(HttpMethod.Get, "/v2/health/live") { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var h2c = new HttpRequestMessage(HttpMethod.Get, "/v2/health/live") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var http1Response = await harness.Http.SendAsync(http1);
        using var h2cResponse = await harness.Http.SendAsync(h2c);

        Assert.Equal(HttpStatusCode.OK, http1Response.StatusCode);
        Assert.Equal(HttpVersion.Version11, http1Response.Version);
        Assert.Equal(HttpStatusCode.OK, h2cResponse.StatusCode);
        Assert.Equal(HttpVersion.Version20, h2cResponse.Version);

        using var channel = GrpcChannel.ForAddress(harness.Address);
        Assert.True((await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ServerLiveAsync(new ServerLiveRequest())).Live);
    }

    [Fact]
    public async Task Only_the_first_grpc_inference_carries_the_cold_start_timing_and_every_one_its_own_steps()
    {
        using var model = new TinyModel();
        await using var harness = await HostHarness.StartTinyAsync(HostKind.CloudRun, model);
        using var channel = GrpcChannel.ForAddress(harness.Address);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        using var first = client.ModelInferAsync(CloudRunGrpcTests.InferRequest(TinyModel.Input(1), TinyModel.Name));
        await first.ResponseAsync;
        var timing = first.GetTrailers().GetValue("server-timing");
        Assert.NotNull(timing);
        Assert.Contains("runtime_init;dur=", timing, StringComparison.Ordinal);
        Assert.Contains("model_load;dur=", timing, StringComparison.Ordinal);
        Assert.Contains("first_inference;dur=", timing, StringComparison.Ordinal);
        Assert.Contains("decode;dur=", timing, StringComparison.Ordinal);

        using var second = client.ModelInferAsync(CloudRunGrpcTests.InferRequest(TinyModel.Input(1), TinyModel.Name));
        await second.ResponseAsync;
        Assert.Matches(@"^decode;dur=[\d.]+, infer;dur=[\d.]+, encode;dur=[\d.]+$", second.GetTrailers().GetValue("server-timing"));
    }

    [Fact]
    public async Task Mobilenet_v1_over_grpc_and_rest_matches_the_engine()
    {
        var directory = Directory.CreateTempSubdirectory("toolkit-mobilenet-").FullName;
        try
        {
            await using var harness = await HostHarness.StartAsync(HostKind.CloudRun, MobileNetV1.Name, directory);
            await harness.Host.Model.Loaded;
            var input = Tensor.Zeros(DataType.Float32, 1, MobileNetV1.ImageSize, MobileNetV1.ImageSize, 3);
            var pixels = input.AsSpan<float>();
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (i * 31 % 256) / 255f;
            }

            using var engine = KernelsEngine.Create(ModelZoo.Build(MobileNetV1.Name));
            var expected = Tensor.Zeros(DataType.Float32, 1, MobileNetV1.Classes);
            engine.Run([input], [expected]);

            using var channel = GrpcChannel.ForAddress(harness.Address);
            var grpc = await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ModelInferAsync(CloudRunGrpcTests.InferRequest(input, MobileNetV1.Name, "input"));
            Assert.Equal(expected.AsSpan<float>().ToArray(), CloudRunGrpcTests.Floats(grpc.RawOutputContents.Single()));

            using var rest = await harness.Http.PostAsync($"/v2/models/{MobileNetV1.Name}/infer", Payloads.KServeBinary(input, inputName: "input"));
            Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
            Assert.Equal(expected.AsSpan<float>().ToArray(), Payloads.Output("kserve_binary", await rest.Content.ReadAsByteArrayAsync()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
