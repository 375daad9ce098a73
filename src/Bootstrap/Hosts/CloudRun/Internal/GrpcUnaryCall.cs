using System.Buffers.Binary;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Toolkit.Bootstrap.Hosts.Http;

namespace Toolkit.Bootstrap.Hosts.CloudRun.Internal;

/// <summary>
/// One unary gRPC call on the wire (gRPC over HTTP/2): the request is one length-prefixed message (a compressed-flag
/// byte, a big-endian 32-bit length, the protobuf bytes); the answer is HTTP 200 with <c>content-type:
/// application/grpc</c>, one length-prefixed message, and trailers carrying <c>grpc-status</c> (and
/// <c>grpc-message</c>). A failure before the message is written is a trailers-only answer.
/// </summary>
internal static class GrpcUnaryCall
{
    private const string GrpcContentType = "application/grpc";
    private const int PrefixBytes = 5;

    public static async Task HandleAsync<TRequest, TResponse>(HttpContext http, Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler, HttpHostLimits limits)
        where TRequest : class
        where TResponse : class
    {
        var response = http.Response;
        response.ContentType = GrpcContentType;
        if (http.Request.ContentType is not { } contentType || !contentType.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase))
        {
            // Not a gRPC client at all: the transport's own error, as gRPC servers answer.
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            response.ContentType = "text/plain";
            await response.WriteAsync($"gRPC requests need content-type {GrpcContentType}; received '{http.Request.ContentType}'.", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var context = new KestrelServerCallContext(http, method.FullName);
        var reply = new OutgoingMessage();
        try
        {
            var body = await RequestBody.ReadAsync(http.Request, limits.MaxRequestBytes + PrefixBytes).ConfigureAwait(false);
            // The protobuf parse and write count as the server's decode and encode (RequestTiming).
            var timing = GrpcCall.Timing(context);
            var request = timing.TimeDecode(() => method.RequestMarshaller.ContextualDeserializer(new ReceivedMessage(Message(body))));
            var answer = await handler(request, context).ConfigureAwait(false);
            timing.TimeEncode(() =>
            {
                method.ResponseMarshaller.ContextualSerializer(answer, reply);
                return reply;
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A trailers-only answer; then the rest of a refused message is read and dropped, so the stream ends
            // cleanly instead of being reset under a client still sending.
            WriteStatus(response.Headers, GrpcErrors.ToRpcException(e).Status);
            await RequestBody.DiscardRestAsync(http, limits).ConfigureAwait(false);
            return;
        }

        var prefix = new byte[PrefixBytes];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)reply.Payload.Length);
        await response.Body.WriteAsync(prefix, http.RequestAborted).ConfigureAwait(false);
        await response.Body.WriteAsync(reply.Payload, http.RequestAborted).ConfigureAwait(false);
        foreach (var trailer in context.ResponseTrailers)
        {
            response.AppendTrailer(trailer.Key, trailer.Value);
        }

        if (GrpcCall.Timing(context) is { HasInference: true } inference)
        {
            response.AppendTrailer(GrpcCall.ServerTimingKey, inference.HeaderValue());
        }

        response.AppendTrailer("grpc-status", "0");
    }

    /// <summary>The one message of a unary request, checked against its length prefix.</summary>
    private static byte[] Message(byte[] body)
    {
        if (body.Length < PrefixBytes)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"A gRPC message needs a {PrefixBytes}-byte prefix; the request body has {body.Length} bytes."));
        }

        if (body[0] != 0)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "Compressed gRPC messages are not accepted; send them uncompressed."));
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        return length == body.Length - PrefixBytes
            ? body[PrefixBytes..]
            : throw new RpcException(new Status(StatusCode.Internal, $"The gRPC message prefix says {length} bytes, but {body.Length - PrefixBytes} follow it."));
    }

    private static void WriteStatus(IHeaderDictionary headers, Status status)
    {
        headers["grpc-status"] = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (status.Detail.Length > 0)
        {
            headers["grpc-message"] = PercentEncode(status.Detail);
        }
    }

    /// <summary>grpc-message is percent-encoded UTF-8: bytes outside printable ASCII, and '%', become %XX.</summary>
    private static string PercentEncode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            _ = b is >= 0x20 and <= 0x7E and not (byte)'%' ? builder.Append((char)b) : builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
