using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Toolkit.Bootstrap.Inference;
using Toolkit.Serialization.Errors;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// Turns what went wrong into the KServe error shape <c>{"error": "..."}</c> with a 4xx status, so clients of every
/// format read one shape. Anything unexpected is a 500 in the same shape: the server answers and keeps serving.
/// </summary>
public static class HttpErrors
{
    public static int StatusFor(Exception error) => error switch
    {
        PayloadTooLargeException => StatusCodes.Status413PayloadTooLarge,
        PayloadException => StatusCodes.Status400BadRequest,
        ModelNotFoundException => StatusCodes.Status404NotFound,
        InferenceRequestException => StatusCodes.Status400BadRequest,
        HttpStatusException status => status.StatusCode,
        // Kestrel's own refusals: a body over MaxRequestBodySize (413), a broken chunked body (400).
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Writes <paramref name="error"/> as the response, unless the response has already started.</summary>
    public static Task WriteAsync(HttpContext context, Exception error)
    {
        var status = StatusFor(error);
        var message = status == StatusCodes.Status500InternalServerError ? $"Internal error ({error.GetType().Name}): {error.Message}" : error.Message;
        return WriteAsync(context, status, message);
    }

    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        var body = Json(message);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The error document's bytes.</summary>
    public static byte[] Json(string message)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps quotes in messages readable; the body is never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
