using System.Text.Json;
using Toolkit.Serialization.Errors;

namespace Toolkit.Bootstrap.Hosts.Lambda.Internal;

/// <summary>What a Lambda event body is.</summary>
internal enum EventKind
{
    /// <summary>An HTTP API / Function URL proxy event (version 2.0): the request is in its <c>body</c>.</summary>
    Proxy,

    /// <summary>A direct-invoke KServe v2 JSON request (<c>"inputs":[{"name",…}]</c>).</summary>
    KServeJson,

    /// <summary>A direct-invoke TF-Serving JSON request (<c>"instances"</c>, or <c>"inputs"</c> holding a tensor).</summary>
    TfServingJson,
}

/// <summary>
/// Tells the event kinds apart from the top-level keys, stopping at the first key that decides, so a large tensor
/// array is not walked twice (the decoder walks it once more anyway).
/// </summary>
internal static class EventClassifier
{
    /// <exception cref="MalformedPayloadException">The event is not a JSON object, or no key says what it is.</exception>
    public static EventKind Classify(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MalformedPayloadException($"A Lambda event must be a JSON object; received {(json.IsEmpty ? "an empty body" : reader.TokenType.ToString())}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("version"u8) || reader.ValueTextEquals("routeKey"u8) || reader.ValueTextEquals("rawPath"u8)
                    || reader.ValueTextEquals("requestContext"u8) || reader.ValueTextEquals("isBase64Encoded"u8) || reader.ValueTextEquals("headers"u8))
                {
                    return EventKind.Proxy;
                }

                if (reader.ValueTextEquals("instances"u8))
                {
                    return EventKind.TfServingJson;
                }

                var isInputs = reader.ValueTextEquals("inputs"u8);
                reader.Read();
                if (isInputs)
                {
                    // KServe's inputs are objects with name/shape/datatype; TF-Serving's are a tensor or a map of tensors.
                    return reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.StartObject
                        ? EventKind.KServeJson
                        : EventKind.TfServingJson;
                }

                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new MalformedPayloadException($"The Lambda event is not valid JSON: {e.Message}", e.BytePositionInLine ?? -1);
        }

        throw new MalformedPayloadException("A direct-invoke event must be a KServe v2 or TF-Serving JSON request with 'inputs' or 'instances', or an HTTP API proxy event with 'version' and 'body'; received neither.");
    }
}
