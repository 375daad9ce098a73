using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Toolkit.Bench.Lambda;

namespace Toolkit.Bootstrap.Tests.Lambda;

/// <summary>
/// The emulator's Function URL with a scripted function behind it (a loop on the Runtime API written here), so the
/// event it builds and each way a function can answer are seen exactly: proxy responses, plain JSON, errors and junk.
/// </summary>
public sealed class FunctionUrlFrontTests
{
    [Fact]
    public async Task A_request_becomes_a_payload_format_2_event_with_a_binary_body_in_base64()
    {
        byte[] body = [0, 1, 2, 250, 255, (byte)'"', (byte)'\\'];
        var (status, contentType, answer) = await ThroughFunctionAsync(
            body, "application/octet-stream", "/v2/models/m/infer?a=1&b=x%20y",
            eventJson => Encoding.UTF8.GetBytes(eventJson)); // the function answers with its event as plain JSON

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("/v2/models/m/infer", root.GetProperty("rawPath").GetString());
        Assert.Equal("a=1&b=x%20y", root.GetProperty("rawQueryString").GetString());
        Assert.Equal("x y", root.GetProperty("queryStringParameters").GetProperty("b").GetString());
        Assert.Equal("POST", root.GetProperty("requestContext").GetProperty("http").GetProperty("method").GetString());
        Assert.Equal("/v2/models/m/infer", root.GetProperty("requestContext").GetProperty("http").GetProperty("path").GetString());
        Assert.Equal("application/octet-stream", root.GetProperty("headers").GetProperty("content-type").GetString());
        Assert.Equal("yes", root.GetProperty("headers").GetProperty("x-mixed-case").GetString());
        Assert.True(root.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(body, root.GetProperty("body").GetBytesFromBase64());
    }

    [Fact]
    public async Task A_json_body_goes_into_the_event_as_text()
    {
        var (_, _, answer) = await ThroughFunctionAsync("{\"inputs\":[]}"u8.ToArray(), "application/json; charset=utf-8", "/", eventJson => Encoding.UTF8.GetBytes(eventJson));

        using var document = JsonDocument.Parse(answer);
        Assert.False(document.RootElement.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("{\"inputs\":[]}", document.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_proxy_response_gives_its_status_headers_and_base64_decoded_body()
    {
        byte[] payload = [9, 8, 7, 0, 255];
        var proxy = $$"""{"statusCode":201,"headers":{"content-type":"application/octet-stream","inference-header-content-length":"2"},"cookies":["k=v"],"body":"{{Convert.ToBase64String(payload)}}","isBase64Encoded":true}""";

        var (status, contentType, answer, headers) = await ThroughFunctionWithHeadersAsync([1], "application/octet-stream", "/", _ => Encoding.UTF8.GetBytes(proxy));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("application/octet-stream", contentType);
        Assert.Equal(payload, answer);
        Assert.Equal("2", headers.GetValues("inference-header-content-length").Single());
        Assert.Equal("k=v", headers.GetValues("set-cookie").Single());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"statusCode\":42}")]
    [InlineData("{\"statusCode\":200,\"body\":\"%%%\",\"isBase64Encoded\":true}")]
    public async Task An_answer_a_function_url_cannot_read_is_a_502(string junk)
    {
        var (status, _, _) = await ThroughFunctionAsync([1], "application/octet-stream", "/", _ => Encoding.UTF8.GetBytes(junk));

        Assert.Equal(HttpStatusCode.BadGateway, status);
    }

    [Fact]
    public async Task A_function_error_is_a_502()
    {
        var (status, _, _) = await ThroughFunctionAsync([1], "application/octet-stream", "/", _ => null);

        Assert.Equal(HttpStatusCode.BadGateway, status);
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, byte[] Body)> ThroughFunctionAsync(byte[] body, string contentType, string pathAndQuery, Func<string, byte[]?> function)
    {
        var (status, type, answer, _) = await ThroughFunctionWithHeadersAsync(body, contentType, pathAndQuery, function);
        return (status, type, answer);
    }

    /// <param name="function">The function: from the event's JSON to its answer, or null to report an error.</param>
    private static async Task<(HttpStatusCode Status, string? ContentType, byte[] Body, HttpResponseHeaders Headers)> ThroughFunctionWithHeadersAsync(
        byte[] body, string contentType, string pathAndQuery, Func<string, byte[]?> function)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);
        await using var front = await FunctionUrlFront.StartAsync(emulator);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var serving = ServeOnceAsync(http, emulator.RuntimeApiAddress, function);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(front.Address, pathAndQuery)) { Content = content };
        request.Headers.Add("X-Mixed-Case", "yes");
        using var response = await http.SendAsync(request);
        await serving;
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync(), response.Headers);
    }

    private static async Task ServeOnceAsync(HttpClient http, string runtimeApi, Func<string, byte[]?> function)
    {
        using var next = await http.GetAsync(new Uri($"http://{runtimeApi}/2018-06-01/runtime/invocation/next"));
        var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").Single();
        var answer = function(await next.Content.ReadAsStringAsync());
        var kind = answer is null ? "error" : "response";
        using var content = new ByteArrayContent(answer ?? """{"errorType":"Boom","errorMessage":"scripted failure"}"""u8.ToArray());
        using var posted = await http.PostAsync(new Uri($"http://{runtimeApi}/2018-06-01/runtime/invocation/{requestId}/{kind}"), content);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }
}
