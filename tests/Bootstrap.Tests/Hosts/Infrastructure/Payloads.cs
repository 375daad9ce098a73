using System.Net.Http.Headers;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.Hosts.Infrastructure;

/// <summary>Client-side request bodies and response readers, built with the toolkit's own codecs.</summary>
public static class Payloads
{
    public static byte[] Request(string format, Tensor input, string model = "", string inputName = "x") =>
        WireFormats.Get(format).Encode(new InferenceMessage(model, [new NamedTensor(inputName, input)]), MessageKind.Request);

    /// <summary>The body as <see cref="HttpContent"/>, with the KServe header length when it is the binary extension.</summary>
    public static ByteArrayContent Content(byte[] body, string? contentType, int? headerLength = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (headerLength is { } length)
        {
            content.Headers.Add(KServeBinaryFormat.HeaderLengthName, length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return content;
    }

    public static ByteArrayContent KServeBinary(Tensor input, string model = "", string inputName = "x")
    {
        var body = KServeBinaryFormat.EncodeWithHeaderLength(new InferenceMessage(model, [new NamedTensor(inputName, input)]), MessageKind.Request, out var headerLength);
        return Content(body, "application/octet-stream", headerLength);
    }

    /// <summary>The first output's values from a response body in <paramref name="format"/> (or "raw").</summary>
    public static float[] Output(string format, byte[] body)
    {
        if (format == "raw")
        {
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(body).ToArray();
        }

        var message = WireFormats.Get(format).Decode(body, MessageKind.Response, DecodeOptions.Default);
        return message.Tensors[0].Tensor.AsSpan<float>().ToArray();
    }
}
