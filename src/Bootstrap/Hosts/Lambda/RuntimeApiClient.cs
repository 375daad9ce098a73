using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// The Runtime API over HTTP/1.1. Its set-up is part of the cold start, so it is one <see cref="SocketsHttpHandler"/>
/// with everything the loopback API does not need switched off (proxy discovery, cookies, decompression), no
/// HttpClientFactory and no DI. The one pooled connection is reused for every call.
/// </summary>
public sealed class RuntimeApiClient : IRuntimeApiClient
{
    public const string ApiVersion = "2018-06-01";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly MediaTypeHeaderValue ErrorType = new(LambdaError.ContentType);
    private readonly HttpClient http;
    private readonly Uri baseUri;
    private readonly TimeSpan postTimeout;

    /// <param name="endpoint">The value of <c>AWS_LAMBDA_RUNTIME_API</c>: <c>host:port</c>.</param>
    /// <param name="postTimeout">How long a response or error POST may take; <c>next</c> has no timeout because it
    /// blocks until an event arrives.</param>
    public RuntimeApiClient(string endpoint, TimeSpan postTimeout)
    {
        baseUri = new Uri($"http://{endpoint}/{ApiVersion}/runtime/", UriKind.Absolute);
        this.postTimeout = postTimeout;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            // The API is on loopback; a connect that takes longer than this is a dead endpoint, not a slow one.
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = 1,
        };
        http = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>Default POST timeout: far above any loopback round trip, far below Lambda's 15-minute limit.</summary>
    public static TimeSpan DefaultPostTimeout { get; } = TimeSpan.FromSeconds(10);

    public async Task<LambdaInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "invocation/next")), Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RuntimeApiException($"GET invocation/next must answer 200; received {(int)response.StatusCode}.", isFatal: response.StatusCode >= HttpStatusCode.InternalServerError);
        }

        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new RuntimeApiException("GET invocation/next must send Lambda-Runtime-Aws-Request-Id; received none.", isFatal: true);
        var deadlineText = Header(response, "Lambda-Runtime-Deadline-Ms");
        var deadline = long.TryParse(deadlineText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : long.MaxValue;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(requestId, deadline, Header(response, "Lambda-Runtime-Invoked-Function-Arn"), Header(response, "Lambda-Runtime-Trace-Id"), body);
    }

    public Task<PostOutcome> PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", body, JsonType, errorType: null, cancellationToken);

    public Task<PostOutcome> PostErrorAsync(string requestId, LambdaError failure, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", failure.ToJson(), ErrorType, failure.ErrorType, cancellationToken);

    public Task<PostOutcome> PostInitErrorAsync(LambdaError failure, CancellationToken cancellationToken) =>
        PostAsync("init/error", failure.ToJson(), ErrorType, failure.ErrorType, cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task<PostOutcome> PostAsync(string path, byte[] body, MediaTypeHeaderValue contentType, string? errorType, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = contentType;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, path)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(LambdaError.ErrorTypeHeader, errorType);
        }

        using var response = await SendAsync(request, postTimeout, cancellationToken).ConfigureAwait(false);
        return (int)response.StatusCode switch
        {
            202 or 200 => PostOutcome.Accepted,
            413 => PostOutcome.TooLarge,
            >= 500 => throw new RuntimeApiException($"POST {path} must answer 202; received {(int)response.StatusCode}.", isFatal: true),
            _ => PostOutcome.Rejected,
        };
    }

    /// <summary>Sends one request; a dropped connection or a timeout becomes a non-fatal <see cref="RuntimeApiException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            using (request)
            {
                // ResponseContentRead: the body is read within the same timeout, so a connection dropped mid-body is caught here.
                return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timer.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RuntimeApiException($"{request.Method} {request.RequestUri} did not answer within {timeout.TotalMilliseconds:0} ms.", isFatal: false, e);
        }
        catch (HttpRequestException e)
        {
            throw new RuntimeApiException($"{request.Method} {request.RequestUri} failed: {e.Message}", isFatal: false, e);
        }
        catch (IOException e) when (e.InnerException is SocketException or null)
        {
            throw new RuntimeApiException($"{request.Method} {request.RequestUri} lost its connection: {e.Message}", isFatal: false, e);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
