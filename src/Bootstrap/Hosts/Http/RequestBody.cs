using Microsoft.AspNetCore.Http;
using Toolkit.Serialization.Errors;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>Reads a request body whole, refusing one over the platform's limit before or while reading it.</summary>
public static class RequestBody
{
    /// <exception cref="PayloadTooLargeException">The body is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > maxBytes)
            {
                throw TooLarge(declared, maxBytes);
            }

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

    private static PayloadTooLargeException TooLarge(long bytes, long maxBytes) =>
        new($"The request body must be at most {maxBytes} bytes; received {(bytes > maxBytes ? "at least " : "")}{bytes}.");
}
