using System.Globalization;
using Microsoft.AspNetCore.Http;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// One REST inference: read the body within the limit, pick the formats, decode, infer, encode, answer. Every
/// failure becomes the KServe error shape, and the server goes on serving. SageMaker's <c>/invocations</c> and Cloud
/// Run's KServe and TF-Serving routes differ only in how they pick the request format. Every response carries the
/// server's decode, infer and encode times in <c>Server-Timing</c> (<see cref="RequestTiming"/>).
/// </summary>
public sealed class InferenceEndpoint(ModelHolder model, ServerTimingOnce coldStart, HttpHostLimits limits)
{
    /// <summary>Picks the request's format from its headers and body; throws <see cref="HttpStatusException"/> (415) when none fits.</summary>
    public delegate IWireFormat FormatPicker(HttpRequest request, bool hasHeaderLength, ReadOnlySpan<byte> body);

    /// <param name="pathModelName">The model the URL names, or null when the route names none.</param>
    public async Task HandleAsync(HttpContext context, string? pathModelName, FormatPicker pickFormat)
    {
        try
        {
            model.RequireModel(pathModelName);
            var body = await RequestBody.ReadAsync(context.Request, limits.MaxRequestBytes).ConfigureAwait(false);
            var headerLength = HeaderLength(context.Request);
            var requestFormat = pickFormat(context.Request, headerLength is not null, body);
            var responseFormat = ContentNegotiation.ResponseFormat(context.Request.Headers.Accept, requestFormat);
            var service = await model.GetAsync().ConfigureAwait(false);

            var timing = new RequestTiming();
            var request = timing.TimeDecode(() => service.Decode(body, requestFormat, limits.MaxRequestBytes, headerLength));
            var response = await timing.TimeInferAsync(() => service.InferAsync(request, context.RequestAborted)).ConfigureAwait(false);
            await WriteAsync(context, response, responseFormat, timing).ConfigureAwait(false);
            coldStart.Report();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await HttpErrors.WriteAsync(context, e).ConfigureAwait(false);
            await RequestBody.DiscardRestAsync(context, limits).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(HttpContext context, InferenceMessage response, IWireFormat format, RequestTiming timing)
    {
        int? headerLength = null;
        var bytes = timing.TimeEncode(() => Inference.InferenceService.Encode(response, format, out headerLength));

        if (bytes.LongLength > limits.MaxResponseBytes)
        {
            throw new PayloadTooLargeException(
                $"The {format.Name} response must be at most {limits.MaxResponseBytes} bytes to pass the platform; it is {bytes.LongLength}. Accept a binary format instead.");
        }

        var headers = context.Response.Headers;
        context.Response.ContentType = ContentNegotiation.ContentTypeOf(format);
        context.Response.ContentLength = bytes.LongLength;
        if (headerLength is { } value)
        {
            headers[KServeBinaryFormat.HeaderLengthName] = value.ToString(CultureInfo.InvariantCulture);
        }

        timing.ColdStart = coldStart.TryTake();
        headers[ServerTimingOnce.HeaderName] = timing.HeaderValue();

        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <exception cref="MalformedPayloadException">The header is present but not a non-negative integer.</exception>
    private static int? HeaderLength(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(KServeBinaryFormat.HeaderLengthName, out var values))
        {
            return null;
        }

        var text = values.ToString();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw new MalformedPayloadException($"{KServeBinaryFormat.HeaderLengthName} must be a non-negative integer; received '{text}'.");
    }
}
