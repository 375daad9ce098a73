using System.Text;
using Toolkit.Bootstrap.Hosts.Lambda.Internal;
using Toolkit.Bootstrap.Inference;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// Turns one Lambda event into the body or error the Runtime API takes. Events are either a direct-invoke request
/// (KServe v2 or TF-Serving JSON, answered in the same format) or an HTTP API / Function URL v2.0 proxy event
/// (answered with a proxy response; binary formats travel base64). The first successful response of the process
/// carries the Server-Timing value: as the <c>server-timing</c> header of a proxy response, and as a top-level
/// <c>"server_timing"</c> string field of a direct-invoke response document, which stays a valid response of its format
/// for readers that ignore unknown fields.
/// </summary>
public sealed class InvocationHandler(InferenceService service)
{
    /// <summary>Lambda's synchronous invocation limit (6 MiB, 6,291,456 bytes, as Lambda's own error message counts it).</summary>
    public const long MaxPayloadBytes = 6L << 20;

    public const string ServerTimingField = "server_timing";

    private bool timingSent;

    public async Task<InvocationResult> HandleAsync(byte[] eventBody, CancellationToken cancellationToken = default)
    {
        if (eventBody.LongLength > MaxPayloadBytes)
        {
            return InvocationResult.Failure(LambdaErrorTypes.TooLarge, $"The event must be at most {MaxPayloadBytes} bytes; received {eventBody.LongLength}.");
        }

        EventKind kind;
        try
        {
            kind = EventClassifier.Classify(eventBody);
        }
        catch (PayloadException e)
        {
            return InvocationResult.Failure(LambdaErrorTypes.For(e), e.Message);
        }

        return kind == EventKind.Proxy
            ? await HandleProxyAsync(eventBody, cancellationToken).ConfigureAwait(false)
            : await HandleDirectAsync(eventBody, kind, cancellationToken).ConfigureAwait(false);
    }

    private async Task<InvocationResult> HandleDirectAsync(byte[] body, EventKind kind, CancellationToken cancellationToken)
    {
        try
        {
            var format = WireFormats.Get(kind == EventKind.KServeJson ? "kserve_json" : "tfserving_json");
            var response = await service.HandleAsync(body, format, format, MaxPayloadBytes, cancellationToken).ConfigureAwait(false);
            return InvocationResult.Success(TakeServerTiming() is { } timing ? WithServerTimingField(response, timing) : response);
        }
        catch (Exception e) when (e is PayloadException or InferenceRequestException)
        {
            return InvocationResult.Failure(LambdaErrorTypes.For(e), e.Message);
        }
    }

    private async Task<InvocationResult> HandleProxyAsync(byte[] eventBody, CancellationToken cancellationToken)
    {
        try
        {
            var proxy = ProxyEvent.Parse(eventBody);
            service.RequireModel(ModelPath.NameFrom(proxy.RawPath));
            var requestFormat = ContentTypes.ForRequest(proxy.ContentType, proxy.HeaderLengthBytes is not null, proxy.RawPath, () => EventClassifier.Classify(proxy.Body));
            var responseFormat = ContentTypes.ForResponse(proxy.Accept, requestFormat, proxy.RawPath);
            var request = service.Decode(proxy.Body, requestFormat, MaxPayloadBytes, proxy.HeaderLengthBytes);
            var result = await service.InferAsync(request, cancellationToken).ConfigureAwait(false);
            var body = InferenceService.Encode(result, responseFormat, out var headerLength);

            return InvocationResult.Success(ProxyResponse.Write(200, ContentTypes.Of(responseFormat), body, responseFormat.IsBinary, TakeServerTiming(), headerLength));
        }
        catch (Exception e) when (LambdaErrorTypes.IsBadInput(e))
        {
            return InvocationResult.Success(ProxyResponse.Error(LambdaErrorTypes.StatusFor(e), e.Message));
        }
    }

    /// <summary>The Server-Timing value for the first successful response, then null.</summary>
    private string? TakeServerTiming()
    {
        if (timingSent)
        {
            return null;
        }

        timingSent = true;
        return service.Timeline.ServerTiming();
    }

    /// <summary>Adds <c>"server_timing":"…"</c> as the last member of the response object.</summary>
    private static byte[] WithServerTimingField(byte[] document, string timing)
    {
        var close = Array.LastIndexOf(document, (byte)'}');
        var empty = document.AsSpan(0, close).TrimEnd(" \t\r\n"u8).EndsWith("{"u8);
        var field = Encoding.UTF8.GetBytes($"{(empty ? "" : ",")}\"{ServerTimingField}\":\"{timing}\"");
        var result = new byte[document.Length + field.Length];
        document.AsSpan(0, close).CopyTo(result);
        field.CopyTo(result, close);
        document.AsSpan(close).CopyTo(result.AsSpan(close + field.Length));
        return result;
    }
}
