using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Hosts.Lambda.Internal;

/// <summary>
/// Content types of proxy events and the wire formats they name:
/// <list type="bullet">
/// <item><c>application/json</c>: KServe v2 or TF-Serving JSON, told apart from the document;</item>
/// <item><c>application/octet-stream</c> (or any body with Inference-Header-Content-Length): the KServe binary extension;</item>
/// <item><c>application/x-protobuf</c>: a <c>ModelInferRequest</c>, or a TF-Serving <c>PredictRequest</c> when the
/// <c>messageType</c> parameter names <c>tensorflow.serving…</c> or the path starts with <c>/v1/</c>.</item>
/// </list>
/// </summary>
internal static class ContentTypes
{
    // The media types and format instances are the HTTP hosts' own: the platforms name formats the same way; only
    // how an ambiguous body is told apart differs (a Lambda event has a path and parameters, not a stream to sniff).
    public const string Json = ContentNegotiation.Json;
    public const string Protobuf = ContentNegotiation.Protobuf;
    public const string OctetStream = ContentNegotiation.OctetStream;

    private static readonly IWireFormat KServeJson = ContentNegotiation.KServeJson;
    private static readonly IWireFormat TfServingJson = ContentNegotiation.TfServingJson;
    private static readonly IWireFormat KServeBinary = ContentNegotiation.KServeBinary;
    private static readonly IWireFormat KServeGrpc = ContentNegotiation.KServeProtobuf;
    private static readonly IWireFormat TfServingGrpc = ContentNegotiation.TfServingProtobuf;

    /// <summary>The request's format; for JSON, <paramref name="json"/> decides between KServe and TF-Serving.</summary>
    /// <exception cref="UnsupportedContentTypeException">No format has that content type.</exception>
    public static IWireFormat ForRequest(string? contentType, bool hasHeaderLength, string? rawPath, Func<EventKind> json)
    {
        if (hasHeaderLength)
        {
            return KServeBinary;
        }

        var (media, parameters) = Split(contentType ?? Json);
        return media switch
        {
            Json => json() == EventKind.KServeJson ? KServeJson : TfServingJson,
            OctetStream => KServeBinary,
            Protobuf or "application/protobuf" => IsTfServing(parameters, rawPath) ? TfServingGrpc : KServeGrpc,
            _ => throw new UnsupportedContentTypeException(
                $"content-type must be {Json}, {OctetStream} or {Protobuf}; received '{contentType}'.", isAccept: false),
        };
    }

    /// <summary>The response's format: the first accept entry the host speaks, in the request's family; the request's own format for none or <c>*/*</c>.</summary>
    /// <exception cref="UnsupportedContentTypeException">No accept entry names a format the host speaks.</exception>
    public static IWireFormat ForResponse(string? accept, IWireFormat request, string? rawPath)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return request;
        }

        var tfServing = request == TfServingJson || request == TfServingGrpc;
        foreach (var entry in accept.Split(','))
        {
            var (media, parameters) = Split(entry);
            switch (media)
            {
                case "*/*" or "application/*":
                    return request;
                case Json:
                    return tfServing ? TfServingJson : KServeJson;
                case OctetStream:
                    return KServeBinary;
                case Protobuf or "application/protobuf":
                    return tfServing || IsTfServing(parameters, rawPath) ? TfServingGrpc : KServeGrpc;
            }
        }

        throw new UnsupportedContentTypeException($"accept must name {Json}, {OctetStream}, {Protobuf} or */*; received '{accept}'.", isAccept: true);
    }

    public static string Of(IWireFormat format) => format switch
    {
        { Name: "kserve_binary" } => OctetStream,
        { IsBinary: true } => format == TfServingGrpc ? $"{Protobuf}; messageType=tensorflow.serving.PredictResponse" : $"{Protobuf}; messageType=inference.ModelInferResponse",
        _ => Json,
    };

    private static bool IsTfServing(string parameters, string? rawPath) =>
        parameters.Contains("tensorflow", StringComparison.OrdinalIgnoreCase) || (rawPath?.StartsWith("/v1/", StringComparison.Ordinal) ?? false);

    private static (string Media, string Parameters) Split(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (ContentNegotiation.MediaType(value), semicolon < 0 ? "" : value[(semicolon + 1)..]);
    }
}
