using System.Net;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Tests.Hosts.Infrastructure;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.Hosts;

/// <summary>The SageMaker contract through real Kestrel on loopback: /ping, /invocations in every format, bad input.</summary>
public sealed class SageMakerHostTests(SageMakerHostTests.Fixture fixture) : IClassFixture<SageMakerHostTests.Fixture>
{
    public static TheoryData<string, string, string?, string> Formats => new()
    {
        // request format, Content-Type, Accept, expected response format
        { "tfserving_json", "application/json", null, "tfserving_json" },
        { "kserve_json", "application/json", null, "kserve_json" },
        { "kserve_json", "application/json; charset=utf-8", "application/octet-stream", "kserve_binary" },
        { "tfserving_grpc", "application/x-protobuf", null, "tfserving_grpc" },
        { "kserve_grpc", "application/x-protobuf", "application/json", "kserve_json" },
        { "tfserving_json", "application/json", "application/x-protobuf", "tfserving_grpc" },
        { "raw", "application/octet-stream", null, "raw" },
        { "raw", "application/octet-stream", "application/json", "kserve_json" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Invocations_answer_what_the_engine_computes(string requestFormat, string contentType, string? accept, string responseFormat)
    {
        var input = TinyModel.Input(seed: 3);
        var body = requestFormat == "raw" ? input.Data : Payloads.Request(requestFormat, input);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Payloads.Content(body, contentType) };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await fixture.Harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ContentNegotiation.ContentTypeOf(responseFormat == "raw" ? RawTensorFormat.Instance : WireFormats.Get(responseFormat)), response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fixture.Model.Expected(input), Payloads.Output(responseFormat, await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task The_kserve_binary_extension_is_chosen_by_its_header_and_answered_with_one()
    {
        var input = TinyModel.Input(seed: 5);
        using var response = await fixture.Harness.Http.PostAsync("/invocations", Payloads.KServeBinary(input));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains(KServeBinaryFormat.HeaderLengthName));
        Assert.Equal(fixture.Model.Expected(input), Payloads.Output("kserve_binary", await response.Content.ReadAsByteArrayAsync()));
    }

    public static TheoryData<string, string?, byte[], HttpStatusCode> BadRequests => new()
    {
        { "malformed JSON", "application/json", "{\"inputs\": [1, 2"u8.ToArray(), HttpStatusCode.BadRequest },
        { "NaN in JSON", "application/json", "{\"inputs\": [[NaN, 1, 2, 3, 4, 5, 6, 7]]}"u8.ToArray(), HttpStatusCode.BadRequest },
        { "wrong shape", "application/json", Payloads.Request("kserve_json", Kernels.Tensors.Tensor.Zeros(Kernels.Tensors.DataType.Float32, 1, 3)), HttpStatusCode.BadRequest },
        { "wrong dtype", "application/json", Payloads.Request("kserve_json", Kernels.Tensors.Tensor.Zeros(Kernels.Tensors.DataType.Int32, 1, TinyModel.Features)), HttpStatusCode.BadRequest },
        { "truncated protobuf", "application/x-protobuf", Payloads.Request("kserve_grpc", TinyModel.Input(1))[..^7], HttpStatusCode.BadRequest },
        { "raw body of the wrong size", "application/octet-stream", new byte[5], HttpStatusCode.BadRequest },
        { "unknown model", "application/x-protobuf", Payloads.Request("tfserving_grpc", TinyModel.Input(1), model: "resnet"), HttpStatusCode.NotFound },
        { "unsupported content type", "text/csv", "1,2,3"u8.ToArray(), HttpStatusCode.UnsupportedMediaType },
        { "no content type", null, "{}"u8.ToArray(), HttpStatusCode.UnsupportedMediaType },
        { "over the 4 MB limit", "application/json", new byte[(4 << 20) + 1], HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_kserve_error_and_the_next_request_succeeds(string problem, string? contentType, byte[] body, HttpStatusCode expected)
    {
        // "Expect: 100-continue", as curl sends for large bodies: the server refuses an oversized body from its
        // Content-Length before the client sends it, instead of closing the connection in the middle of it.
        using var badRequest = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Payloads.Content(body, contentType) };
        badRequest.Headers.ExpectContinue = true;
        using (var bad = await fixture.Harness.Http.SendAsync(badRequest))
        {
            Assert.True(expected == bad.StatusCode, $"{problem}: {bad.StatusCode} {await bad.Content.ReadAsStringAsync()}");
            Assert.Equal("application/json", bad.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("{\"error\":\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var input = TinyModel.Input(seed: 9);
        using var good = await fixture.Harness.Http.PostAsync("/invocations", Payloads.Content(Payloads.Request("kserve_json", input), "application/json"));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(fixture.Model.Expected(input), Payloads.Output("kserve_json", await good.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task An_accept_header_naming_nothing_writable_is_406()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Payloads.Content(Payloads.Request("kserve_json", TinyModel.Input(1)), "application/json") };
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await fixture.Harness.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Ping_is_503_while_the_model_loads_and_200_after_and_only_the_first_inference_carries_the_cold_start_timing()
    {
        using var gate = new ManualResetEventSlim();
        var options = HostHarness.Options(HostKind.SageMaker, TinyModel.Name + ".tkm", fixture.Model.Directory);
        HostHarness? started = null;
        await using var harness = started = await HostHarness.StartAsync(HostKind.SageMaker, options.Model, options.ModelDirectory, () =>
        {
            gate.Wait(TimeSpan.FromSeconds(20));
            return ModelLoader.Load(options, started!.Timeline);
        });

        using (var loading = await harness.Http.GetAsync("/ping"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
        }

        gate.Set();
        await harness.Host.Model.Loaded;
        using (var ready = await harness.Http.GetAsync("/ping"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.False(ready.Headers.Contains("Server-Timing"));
        }

        using var first = await harness.Http.PostAsync("/invocations", Payloads.Content(Payloads.Request("kserve_json", TinyModel.Input(2)), "application/json"));
        var timing = string.Join(",", first.Headers.GetValues("Server-Timing"));
        Assert.Contains("runtime_init;dur=", timing, StringComparison.Ordinal);
        Assert.Contains("model_load;dur=", timing, StringComparison.Ordinal);
        Assert.Contains("first_inference;dur=", timing, StringComparison.Ordinal);
        Assert.Matches(@"first_inference;dur=[\d.]+(, (runtime|model)_\w+;dur=[\d.]+)*, decode;dur=[\d.]+, infer;dur=[\d.]+, encode;dur=[\d.]+$", timing);
        using var second = await harness.Http.PostAsync("/invocations", Payloads.Content(Payloads.Request("kserve_json", TinyModel.Input(2)), "application/json"));
        Assert.Matches(@"^decode;dur=[\d.]+, infer;dur=[\d.]+, encode;dur=[\d.]+$", string.Join(",", second.Headers.GetValues("Server-Timing")));
    }

    [Fact]
    public async Task Unknown_paths_and_methods_get_the_error_shape()
    {
        using var missing = await fixture.Harness.Http.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var method = await fixture.Harness.Http.GetAsync("/invocations");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TinyModel Model { get; } = new();

        public HostHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync() => Harness = await HostHarness.StartTinyAsync(HostKind.SageMaker, Model);

        public async Task DisposeAsync()
        {
            await Harness.DisposeAsync();
            Model.Dispose();
        }
    }
}
