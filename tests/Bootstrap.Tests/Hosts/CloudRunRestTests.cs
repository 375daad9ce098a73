using System.Net;
using System.Text.Json;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Tests.Hosts.Infrastructure;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.Hosts;

/// <summary>Cloud Run's REST routes (KServe v2 and TF-Serving) through real Kestrel on loopback.</summary>
public sealed class CloudRunRestTests(CloudRunFixture fixture) : IClassFixture<CloudRunFixture>
{
    [Fact]
    public async Task Health_routes_answer_200_once_loaded()
    {
        using var live = await fixture.Harness.Http.GetAsync("/v2/health/live");
        using var ready = await fixture.Harness.Http.GetAsync("/v2/health/ready");
        using var modelReady = await fixture.Harness.Http.GetAsync($"/v2/models/{TinyModel.Name}/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modelReady.StatusCode);
    }

    [Fact]
    public async Task Model_metadata_names_the_inputs_and_outputs_with_datatype_and_shape()
    {
        using var response = await fixture.Harness.Http.GetAsync($"/v2/models/{TinyModel.Name}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal(TinyModel.Name, root.GetProperty("name").GetString());
        var input = root.GetProperty("inputs")[0];
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([1, TinyModel.Features], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var output = root.GetProperty("outputs")[0];
        Assert.Equal("y", output.GetProperty("name").GetString());
        Assert.Equal([1, TinyModel.Classes], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public async Task Kserve_infer_in_json_answers_what_the_engine_computes()
    {
        var input = TinyModel.Input(seed: 4);
        using var response = await fixture.Harness.Http.PostAsync($"/v2/models/{TinyModel.Name}/infer", Payloads.Content(Payloads.Request("kserve_json", input), "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.Model.Expected(input), Payloads.Output("kserve_json", await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Kserve_infer_with_the_binary_extension_answers_what_the_engine_computes()
    {
        var input = TinyModel.Input(seed: 6);
        using var response = await fixture.Harness.Http.PostAsync($"/v2/models/{TinyModel.Name}/infer", Payloads.KServeBinary(input));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.Model.Expected(input), Payloads.Output("kserve_binary", await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Tfserving_predict_answers_what_the_engine_computes()
    {
        var input = TinyModel.Input(seed: 8);
        using var response = await fixture.Harness.Http.PostAsync($"/v1/models/{TinyModel.Name}:predict", Payloads.Content(Payloads.Request("tfserving_json", input), "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.Model.Expected(input), Payloads.Output("tfserving_json", await response.Content.ReadAsByteArrayAsync()));
    }

    public static TheoryData<string, string, string?, byte[], HttpStatusCode> BadRequests => new()
    {
        { "malformed JSON", $"/v2/models/{TinyModel.Name}/infer", "application/json", "{\"inputs\": [{"u8.ToArray(), HttpStatusCode.BadRequest },
        { "NaN in JSON", $"/v1/models/{TinyModel.Name}:predict", "application/json", "{\"inputs\": [[1, 2, 3, NaN, 5, 6, 7, 8]]}"u8.ToArray(), HttpStatusCode.BadRequest },
        { "wrong shape", $"/v2/models/{TinyModel.Name}/infer", "application/json", Payloads.Request("kserve_json", Tensor.Zeros(DataType.Float32, 2, TinyModel.Features)), HttpStatusCode.BadRequest },
        { "wrong dtype", $"/v2/models/{TinyModel.Name}/infer", "application/json", Payloads.Request("kserve_json", Tensor.Zeros(DataType.Int64, 1, TinyModel.Features)), HttpStatusCode.BadRequest },
        { "unknown model (KServe)", "/v2/models/resnet/infer", "application/json", Payloads.Request("kserve_json", TinyModel.Input(1)), HttpStatusCode.NotFound },
        { "unknown model (TF-Serving)", "/v1/models/resnet:predict", "application/json", Payloads.Request("tfserving_json", TinyModel.Input(1)), HttpStatusCode.NotFound },
        { "unsupported content type", $"/v1/models/{TinyModel.Name}:predict", "application/x-protobuf", Payloads.Request("tfserving_grpc", TinyModel.Input(1)), HttpStatusCode.UnsupportedMediaType },
        { "over the 32 MiB limit", $"/v2/models/{TinyModel.Name}/infer", "application/json", new byte[(32 << 20) + 1], HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_kserve_error_and_the_next_request_succeeds(string problem, string path, string? contentType, byte[] body, HttpStatusCode expected)
    {
        using var badRequest = new HttpRequestMessage(HttpMethod.Post, path) { Content = Payloads.Content(body, contentType) };
        badRequest.Headers.ExpectContinue = true;
        using (var bad = await fixture.Harness.Http.SendAsync(badRequest))
        {
            Assert.True(expected == bad.StatusCode, $"{problem}: {bad.StatusCode} {await bad.Content.ReadAsStringAsync()}");
            using var error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetString()));
        }

        await Kserve_infer_in_json_answers_what_the_engine_computes();
    }
}

/// <summary>One Cloud Run host on the tiny model, shared by the REST and gRPC tests of a class.</summary>
public sealed class CloudRunFixture : IAsyncLifetime
{
    public TinyModel Model { get; } = new();

    public HostHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() => Harness = await HostHarness.StartTinyAsync(HostKind.CloudRun, Model);

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        Model.Dispose();
    }
}
