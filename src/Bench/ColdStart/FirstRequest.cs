using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Toolkit.Bench.Models;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// The request a cold start is timed to: one seeded input (a real photograph or sentence for a pretrained model) in the KServe v2 binary extension (raw float32 bytes behind a
/// small JSON header), the cheapest wire format every host accepts, so the figure is the cold start and not JSON.
/// Lambda gets it as a version-2.0 proxy event with a base64 body, as a Function URL delivers binary bodies.
/// </summary>
public sealed class FirstRequest
{
    private FirstRequest(string model, byte[] body, int headerLengthBytes)
    {
        Model = model;
        Body = body;
        HeaderLengthBytes = headerLengthBytes;
    }

    public string Model { get; }

    public byte[] Body { get; }

    public int HeaderLengthBytes { get; }

    public static FirstRequest For(string model)
    {
        var inputs = ModelArtifacts.Graph(model).Inputs;
        var tensors = ModelArtifacts.Inputs(model, inputs);
        var name = ModelArtifacts.DisplayName(model);
        var message = new InferenceMessage(name, [.. inputs.Select((spec, i) => new NamedTensor(spec.Name, tensors[i]))]);
        var body = KServeBinaryFormat.EncodeWithHeaderLength(message, MessageKind.Request, out var headerLength);
        return new FirstRequest(name, body, headerLength);
    }

    /// <summary>The REST request for SageMaker (<c>/invocations</c>) or Cloud Run (<c>/v2/models/{name}/infer</c>).</summary>
    public HttpRequestMessage HttpRequest(Uri baseAddress, string host)
    {
        var path = host == "sagemaker" ? "/invocations" : $"/v2/models/{Model}/infer";
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue(KServeBinaryFormat.ContentType);
        content.Headers.Add(KServeBinaryFormat.HeaderLengthName, HeaderLengthBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = content };
    }

    /// <summary>The Lambda event: an HTTP API / Function URL version-2.0 proxy event.</summary>
    public byte[] ProxyEvent()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("rawPath", $"/v2/models/{Model}/infer");
            json.WriteStartObject("headers");
            json.WriteString("content-type", KServeBinaryFormat.ContentType);
            json.WriteString(KServeBinaryFormat.HeaderLengthName.ToLowerInvariant(), HeaderLengthBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteStartObject("requestContext");
            json.WriteStartObject("http");
            json.WriteString("method", "POST");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteBase64String("body", Body);
            json.WriteBoolean("isBase64Encoded", true);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public override string ToString() => $"{Model}: KServe binary, {Body.Length} bytes ({Encoding.UTF8.GetString(Body, 0, Math.Min(HeaderLengthBytes, 80))}…)";
}
