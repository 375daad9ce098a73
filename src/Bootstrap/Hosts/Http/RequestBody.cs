using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Toolkit.Serialization.Errors;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// Reads a request body whole, refusing one over the platform's limit before or while reading it; after an error
/// answer, discards what is left of the body, within a bound, so that the client can read the answer.
/// </summary>
public static class RequestBody
{
    /// <summary>Marks, in the request's items, that reading its body has begun (and with it any 100 Continue).</summary>
    private static readonly object StartedKey = new();

    private const int DiscardBufferBytes = 64 << 10;

    /// <exception cref="PayloadTooLargeException">The body is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is { } tooLong && tooLong > maxBytes)
        {
            throw TooLarge(tooLong, maxBytes);
        }

        request.HttpContext.Items[StartedKey] = true;
        if (request.ContentLength is { } declared)
        {
            var body = new byte[declared];
            await request.Body.ReadExactlyAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return body;
        }

        // Chunked: read up to one byte past the limit, which is enough to know it is over.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw TooLarge(buffer.Length, maxBytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// After an error answer to a request whose body may not all have been read (too large, an unknown model, …): sends
    /// the answer, then reads the rest of the body into one small reused buffer and drops it, so that a client that
    /// writes its whole body before it reads (Python's http.client and requests, Node's fetch, .NET's HttpClient without
    /// Expect) reads the answer instead of a reset, and an HTTP/2 stream ends without RST_STREAM. Memory stays one
    /// buffer however long the body. A body that declares more than <see cref="HttpHostLimits.MostBodyBytes"/> in all, runs
    /// past it, or takes longer than <see cref="HttpHostLimits.LingerTime"/> closes the connection (HTTP/2: resets the
    /// stream) instead. A client that asked for 100 Continue and was answered before it got one sends no body: nothing is read.
    /// </summary>
    public static async Task DiscardRestAsync(HttpContext context, HttpHostLimits limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        var request = context.Request;
        var started = context.Items.ContainsKey(StartedKey);
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            || (!started && request.Headers.Expect.Any(e => string.Equals(e, "100-continue", StringComparison.OrdinalIgnoreCase))))
        {
            return;
        }

        if (request.ContentLength > limits.MostBodyBytes)
        {
            context.Response.Headers.Connection = "close";
            return;
        }

        await context.Response.CompleteAsync().ConfigureAwait(false);
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        linger.CancelAfter(limits.LingerTime);
        var buffer = ArrayPool<byte>.Shared.Rent(DiscardBufferBytes);
        try
        {
            int read;
            do
            {
                read = await request.Body.ReadAsync(buffer, linger.Token).ConfigureAwait(false);
            }
            while (read > 0);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Past the bound (Kestrel's limit is MostBodyBytes), too slow for Kestrel's minimum rate, past the linger
            // time, or the client went away: close the connection (HTTP/2: reset the stream).
            context.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static PayloadTooLargeException TooLarge(long bytes, long maxBytes) =>
        new($"The request body must be at most {maxBytes} bytes; received {(bytes > maxBytes ? "at least " : "")}{bytes}.");
}
