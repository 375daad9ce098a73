using System.Globalization;
using System.Net;
using Grpc.Net.Client;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Tests.Hosts.Infrastructure;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Protos.KServe;
using Toolkit.Serialization.Protos.TensorFlowServing;

namespace Toolkit.Bootstrap.Tests.Hosts;

/// <summary>Every inference response reports the server's decode, infer and encode (Server-Timing / server-timing).</summary>
public sealed class RequestTimingTests(CloudRunFixture fixture) : IClassFixture<CloudRunFixture>, IDisposable
{
    private const string StepsPattern = @"decode;dur=[\d.]+, infer;dur=[\d.]+, encode;dur=[\d.]+$";

    private readonly GrpcChannel channel = GrpcChannel.ForAddress(fixture.Harness.Address);

    [Theory]
    [InlineData("tfserving_json", "/v1/models/tiny:predict", "application/json")]
    [InlineData("kserve_json", "/v2/models/tiny/infer", "application/json")]
    public async Task Rest_json_responses_carry_the_server_steps(string format, string path, string contentType)
    {
        using var response = await fixture.Harness.Http.PostAsync(path, Payloads.Content(Payloads.Request(format, TinyModel.Input(3)), contentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(StepsPattern, string.Join(",", response.Headers.GetValues(ServerTimingOnce.HeaderName)));
    }

    [Fact]
    public async Task Rest_binary_responses_carry_the_server_steps_on_every_request()
    {
        for (var i = 0; i < 2; i++)
        {
            using var response = await fixture.Harness.Http.PostAsync("/v2/models/tiny/infer", Payloads.KServeBinary(TinyModel.Input(i)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Matches(StepsPattern, string.Join(",", response.Headers.GetValues(ServerTimingOnce.HeaderName)));
        }
    }

    [Fact]
    public async Task Both_grpc_services_send_the_server_steps_as_a_trailer()
    {
        using var kserve = new GRPCInferenceService.GRPCInferenceServiceClient(channel).ModelInferAsync(CloudRunGrpcTests.InferRequest(TinyModel.Input(4), TinyModel.Name));
        await kserve.ResponseAsync;
        var request = (PredictRequest)TfServingGrpcFormat.ToProtobuf(new InferenceMessage(TinyModel.Name, [new NamedTensor("x", TinyModel.Input(5))]), MessageKind.Request);
        using var tfServing = new PredictionService.PredictionServiceClient(channel).PredictAsync(request);
        await tfServing.ResponseAsync;

        Assert.Matches(StepsPattern, kserve.GetTrailers().GetValue("server-timing"));
        Assert.Matches(StepsPattern, tfServing.GetTrailers().GetValue("server-timing"));
    }

    [Fact]
    public async Task Health_calls_and_failed_inferences_carry_no_step_timing()
    {
        using var health = await fixture.Harness.Http.GetAsync("/v2/health/ready");
        using var bad = await fixture.Harness.Http.PostAsync("/v2/models/tiny/infer", Payloads.Content("{\"inputs\":"u8.ToArray(), "application/json"));

        Assert.False(health.Headers.Contains(ServerTimingOnce.HeaderName));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.False(bad.Headers.Contains(ServerTimingOnce.HeaderName));
    }

    [Fact]
    public void The_value_lists_the_cold_start_entries_first_then_the_steps_in_ms()
    {
        var timing = new RequestTiming { ColdStart = "runtime_init;dur=4.1, model_load;dur=9.3, first_inference;dur=31" };
        timing.TimeDecode(() => 0);
        timing.TimeInfer(() => 0);
        timing.TimeEncode(() => 0);

        var value = timing.HeaderValue();

        Assert.StartsWith("runtime_init;dur=4.1, model_load;dur=9.3, first_inference;dur=31, decode;dur=", value, StringComparison.Ordinal);
        Assert.Matches(StepsPattern, value);
        Assert.True(timing.HasInference);
        Assert.All(value.Split(", ").Select(e => e.Split("dur=")[1]), ms => Assert.True(double.Parse(ms, CultureInfo.InvariantCulture) >= 0));
    }

    public void Dispose() => channel.Dispose();
}
