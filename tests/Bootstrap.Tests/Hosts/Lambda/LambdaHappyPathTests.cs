using System.Text.Json;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Tests.Hosts.Lambda.Infrastructure;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.Hosts.Lambda;

/// <summary>The Runtime API happy path against the emulator: direct invokes and proxy events answer what the engine answers.</summary>
public class LambdaHappyPathTests
{
    [Theory]
    [InlineData("kserve_json")]
    [InlineData("tfserving_json")]
    [InlineData("tfserving_json_paper")]
    public async Task Direct_invoke_answers_the_engines_output_in_the_request_format(string format)
    {
        await using var lambda = await InProcessLambda.StartAsync();
        var request = TinyModel.Request();

        var result = await lambda.InvokeAsync(Events.Direct(format, request));

        Assert.False(result.IsError, result.BodyText);
        var answerFormat = format == "kserve_json" ? "kserve_json" : "tfserving_json";
        Assert.Equal(TinyModel.ExpectedOutput(request), Events.OutputOf(answerFormat, result.Body));
    }

    [Fact]
    public async Task The_first_direct_response_carries_server_timing_as_a_top_level_field_and_later_ones_do_not()
    {
        await using var lambda = await InProcessLambda.StartAsync();

        var first = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));
        var second = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request(8)));

        using var firstDocument = JsonDocument.Parse(first.Body);
        var timing = firstDocument.RootElement.GetProperty(InvocationHandler.ServerTimingField).GetString()!;
        AssertServerTiming(timing);
        Assert.True(firstDocument.RootElement.TryGetProperty("outputs", out _));
        using var secondDocument = JsonDocument.Parse(second.Body);
        Assert.False(secondDocument.RootElement.TryGetProperty(InvocationHandler.ServerTimingField, out _));
    }

    [Fact]
    public async Task A_proxy_event_with_a_base64_kserve_binary_body_gets_a_base64_proxy_response_with_server_timing()
    {
        await using var lambda = await InProcessLambda.StartAsync();
        var request = TinyModel.Request();
        var body = KServeBinaryFormat.EncodeWithHeaderLength(request, MessageKind.Request, out var headerLength);
        var headers = new Dictionary<string, string> { ["inference-header-content-length"] = headerLength.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        var result = await lambda.InvokeAsync(Events.Proxy(body, base64: true, "application/octet-stream", "application/octet-stream", headers));

        Assert.False(result.IsError, result.BodyText);
        var (status, responseHeaders, responseBody) = Events.ReadProxyResponse(result.Body);
        Assert.Equal(200, status);
        Assert.Equal("application/octet-stream", responseHeaders["content-type"]);
        AssertServerTiming(responseHeaders["server-timing"]);
        var length = int.Parse(responseHeaders["inference-header-content-length"], System.Globalization.CultureInfo.InvariantCulture);
        var output = new KServeBinaryFormat().Decode(responseBody, MessageKind.Response, DecodeOptions.Default, length);
        Assert.Equal(TinyModel.ExpectedOutput(request), output.Tensors.Single().Tensor.Data);
    }

    [Theory]
    [InlineData("kserve_grpc", "application/x-protobuf", "/v2/models/tiny/infer")]
    [InlineData("tfserving_grpc", "application/x-protobuf; messageType=tensorflow.serving.PredictRequest", "/")]
    [InlineData("tfserving_grpc", "application/x-protobuf", "/v1/models/tiny:predict")]
    public async Task A_proxy_event_with_a_base64_protobuf_body_is_answered_in_protobuf(string format, string contentType, string rawPath)
    {
        await using var lambda = await InProcessLambda.StartAsync();
        var request = TinyModel.Request();

        var result = await lambda.InvokeAsync(Events.Proxy(Events.Direct(format, request), base64: true, contentType, rawPath: rawPath));

        var (status, headers, body) = Events.ReadProxyResponse(result.Body);
        Assert.Equal(200, status);
        Assert.StartsWith("application/x-protobuf", headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(TinyModel.ExpectedOutput(request), Events.OutputOf(format, body));
    }

    [Fact]
    public async Task A_proxy_event_with_a_json_body_answers_json_as_the_accept_header_asks()
    {
        await using var lambda = await InProcessLambda.StartAsync();
        var request = TinyModel.Request();
        var body = KServeBinaryFormat.EncodeWithHeaderLength(request, MessageKind.Request, out _);

        // Binary in, JSON out: the accept header picks the response format.
        var result = await lambda.InvokeAsync(Events.Proxy(body, base64: true, "application/octet-stream", "application/json"));

        var (status, headers, responseBody) = Events.ReadProxyResponse(result.Body);
        Assert.Equal(200, status);
        Assert.Equal("application/json", headers["content-type"]);
        Assert.Equal(TinyModel.ExpectedOutput(request), Events.OutputOf("kserve_json", responseBody));
    }

    [Fact]
    public async Task The_timeline_has_every_mark_after_the_first_inference()
    {
        await using var lambda = await InProcessLambda.StartAsync();

        await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));

        Assert.True(lambda.Timeline.IsComplete);
        Assert.NotNull(lambda.Timeline[Toolkit.Bootstrap.Timeline.ColdStartTimeline.RuntimeReady]);
        Assert.True(lambda.Timeline[Toolkit.Bootstrap.Timeline.ColdStartTimeline.ModelLoaded] <= lambda.Timeline[Toolkit.Bootstrap.Timeline.ColdStartTimeline.RuntimeReady], "the Lambda host loads the model during init, before the first next");
    }

    internal static void AssertServerTiming(string value)
    {
        var entries = value.Split(", ").Select(e => e.Split(";dur=")).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("runtime_init", entries.Keys);
        Assert.Contains("model_load", entries.Keys);
        Assert.Contains("first_inference", entries.Keys);
        Assert.All(entries.Values, d => Assert.True(d >= 0, value));
    }
}
