using System.Net;
using System.Text.Json;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Tests.Hosts.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Hosts;

/// <summary>
/// A body over the platform's limit, sent as most clients send it (no <c>Expect: 100-continue</c>, the whole body
/// before reading): the client reads a 413 in the error shape, over HTTP/1.1 with a Content-Length or chunked, and over
/// h2c; the connection stays usable. A body past twice the limit, or endless, is cut off there.
/// </summary>
[Collection(BulkTransfers.Name)]
public sealed class OversizedBodyTests(CloudRunFixture fixture) : IClassFixture<CloudRunFixture>
{
    private const long CloudRunLimit = 32L << 20;

    private static readonly string InferPath = $"/v2/models/{TinyModel.Name}/infer";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_33_MiB_body_without_expect_gets_a_readable_413_and_the_connection_serves_on(bool chunked)
    {
        using var client = await RawHttpClient.ConnectAsync(fixture.Harness.Address);

        Assert.True(await client.PostAsync(InferPath, "application/json", 33L << 20, chunked), $"the server cut the body off after {client.Written} bytes");
        var (status, _, body) = await client.ReadResponseAsync();

        Assert.Equal(413, status);
        Assert.Contains($"at most {CloudRunLimit} bytes", ErrorOf(body), StringComparison.Ordinal);

        // The same connection serves the next request.
        await client.PostAsync(InferPath, "application/json", Payloads.Request("kserve_json", TinyModel.Input(3)));
        var (next, _, answer) = await client.ReadResponseAsync();
        Assert.Equal(200, next);
        Assert.Equal(fixture.Model.Expected(TinyModel.Input(3)), Payloads.Output("kserve_json", System.Text.Encoding.UTF8.GetBytes(answer)));
    }

    [Fact]
    public async Task A_33_MiB_body_over_h2c_gets_a_413_with_the_error()
    {
        using var http = new HttpClient { BaseAddress = fixture.Harness.Address, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var content = new ByteArrayContent(new byte[33 << 20]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await http.PostAsync(InferPath, content);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"at most {CloudRunLimit} bytes", ErrorOf(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var next = await http.PostAsync(InferPath, Payloads.Content(Payloads.Request("kserve_json", TinyModel.Input(4)), "application/json"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    /// <summary>A gRPC message over the limit gets RESOURCE_EXHAUSTED with the limit in its message, as a trailers-only answer, and the connection serves on.</summary>
    [Fact]
    public async Task A_33_MiB_grpc_message_gets_resource_exhausted()
    {
        using var http = new HttpClient { BaseAddress = fixture.Harness.Address, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var message = new byte[5 + (33 << 20)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(1), 33u << 20);
        using var content = new ByteArrayContent(message);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await http.PostAsync("/inference.GRPCInferenceService/ModelInfer", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("8", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Contains($"at most {CloudRunLimit + 5} bytes", Uri.UnescapeDataString(Assert.Single(response.Headers.GetValues("grpc-message"))), StringComparison.Ordinal);
        using var next = await http.PostAsync(InferPath, Payloads.Content(Payloads.Request("kserve_json", TinyModel.Input(6)), "application/json"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    /// <summary>
    /// 1 GiB written in 64 KiB steps, declared or chunked: the server stops taking it by twice the limit (plus what
    /// the loopback socket buffers hold), and the process's memory does not grow with it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_endless_body_is_cut_off_within_twice_the_limit(bool chunked)
    {
        var workingSet = Environment.WorkingSet;
        using var client = await RawHttpClient.ConnectAsync(fixture.Harness.Address);

        Assert.False(await client.PostAsync(InferPath, "application/json", 1L << 30, chunked, TimeSpan.FromMilliseconds(1)));

        Assert.True(client.Written < (2 * CloudRunLimit) + (32L << 20), $"{client.Written} bytes were taken in");
        Assert.True(Environment.WorkingSet - workingSet < 256L << 20, $"the working set grew by {(Environment.WorkingSet - workingSet) >> 20} MiB");
        using var next = await fixture.Harness.Http.PostAsync(InferPath, Payloads.Content(Payloads.Request("kserve_json", TinyModel.Input(5)), "application/json"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private static string ErrorOf(string body)
    {
        using var error = JsonDocument.Parse(body);
        return error.RootElement.GetProperty("error").GetString()!;
    }
}

/// <summary>SageMaker's /invocations over its 4 MiB limit: the same readable 413 on a connection that serves on.</summary>
[Collection(BulkTransfers.Name)]
public sealed class SageMakerOversizedBodyTests(SageMakerHostTests.Fixture fixture) : IClassFixture<SageMakerHostTests.Fixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_5_MiB_body_without_expect_gets_a_readable_413(bool chunked)
    {
        using var client = await RawHttpClient.ConnectAsync(fixture.Harness.Address);

        Assert.True(await client.PostAsync("/invocations", "application/json", 5L << 20, chunked), $"the server cut the body off after {client.Written} bytes");
        var (status, headers, body) = await client.ReadResponseAsync();

        Assert.Equal(413, status);
        Assert.Equal("application/json", headers["content-type"]);
        Assert.Contains($"at most {4 << 20} bytes", body, StringComparison.Ordinal);
        await client.PostAsync("/invocations", "application/json", Payloads.Request("kserve_json", TinyModel.Input(7)));
        Assert.Equal(200, (await client.ReadResponseAsync()).Status);
    }
}
