using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Toolkit.Bench.Protocols.Remote;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Protos.KServe;
using Toolkit.Serialization.Protos.TensorFlowServing;

namespace Toolkit.Bench.Protocols;

/// <summary>
/// Sends one request in one format and times its phases (<see cref="ProtocolSample"/>). REST goes over HTTP/1.1 as the
/// paper's REST clients did; gRPC over one h2c channel. The gRPC calls use the generated services' method names with
/// byte-array marshallers, so the client's protobuf encode and decode are timed apart from the transfer (the generated
/// clients would serialize inside the call, where it could not be told from the wire). Against a deployed endpoint
/// (<see cref="RemoteTarget"/>) REST requests go to the platform's URL, SageMaker's signed with SigV4 (hashing the body
/// for the signature counts toward the transfer), and where the platform passes no Server-Timing back the server's
/// share stays inside the transfer (its phases read 0).
/// </summary>
public sealed class ProtocolClient : IDisposable
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    private static readonly Method<byte[], byte[]> ModelInfer = new(MethodType.Unary, GRPCInferenceService.Descriptor.FullName, GRPCInferenceService.Descriptor.FindMethodByName("ModelInfer").Name, Bytes, Bytes);
    private static readonly Method<byte[], byte[]> Predict = new(MethodType.Unary, PredictionService.Descriptor.FullName, PredictionService.Descriptor.FindMethodByName("Predict").Name, Bytes, Bytes);

    private readonly Uri address;
    private readonly string modelName;
    private readonly DecodeOptions responseOptions;
    private readonly HttpClient http;
    private readonly GrpcChannel channel;
    private readonly RemoteTarget? remote;

    /// <param name="outputs">The model's outputs: TF-Serving JSON responses carry no data types, so decoding needs them.</param>
    /// <param name="remote">The deployed endpoint <paramref name="address"/> belongs to, or null for a local bootstrap.</param>
    public ProtocolClient(Uri address, string modelName, IReadOnlyList<TensorSpec> outputs, RemoteTarget? remote = null)
    {
        this.remote = remote;
        this.address = address;
        this.modelName = modelName;
        responseOptions = new DecodeOptions(outputs);
        http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        // No receive limit: YOLOv5's 8.2 MiB output is over Grpc.Net.Client's default of 4 MB.
        channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
            HttpHandler = new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = true },
        });
    }

    /// <summary>Sends <paramref name="request"/>; a failure of any kind is returned as a failed sample, not thrown.</summary>
    public async Task<ProtocolSample> SendAsync(ProtocolFormat format, InferenceMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (body, headerLength) = Encode(format.Codec, request);
            var encodedAt = Stopwatch.GetTimestamp();
            var (responseBytes, serverTiming, responseHeaderLength) = format.Transport == ProtocolFormat.Rest
                ? await PostAsync(format, body, headerLength, cancellationToken).ConfigureAwait(false)
                : await CallAsync(format, body, cancellationToken).ConfigureAwait(false);
            var receivedAt = Stopwatch.GetTimestamp();
            var response = format.Codec is KServeBinaryFormat binary
                ? binary.Decode(responseBytes, MessageKind.Response, responseOptions, responseHeaderLength)
                : format.Codec.Decode(responseBytes, MessageKind.Response, responseOptions);
            var decodedAt = Stopwatch.GetTimestamp();
            RequireOutputs(response);
            var (serverDecodeMs, inferMs, serverEncodeMs) = remote is { ReportsServerTiming: false } ? (0, 0, 0) : ServerTimingHeader.Parse(serverTiming);
            var roundTripMs = Ms(encodedAt, receivedAt);
            return new ProtocolSample(
                Ms(started, Stopwatch.GetTimestamp()),
                Ms(started, encodedAt),
                roundTripMs - serverDecodeMs - inferMs - serverEncodeMs,
                serverDecodeMs,
                inferMs,
                serverEncodeMs,
                Ms(receivedAt, decodedAt),
                body.LongLength,
                responseBytes.LongLength);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ProtocolSample.Failure(Ms(started, Stopwatch.GetTimestamp()), $"{e.GetType().Name}: {e.Message}");
        }
    }

    public void Dispose()
    {
        http.Dispose();
        channel.Dispose();
    }

    /// <summary>The request body, and for the KServe binary extension its JSON header's length.</summary>
    private static (byte[] Body, int? HeaderLength) Encode(IWireFormat codec, InferenceMessage request)
    {
        if (codec is KServeBinaryFormat)
        {
            var body = KServeBinaryFormat.EncodeWithHeaderLength(request, MessageKind.Request, out var headerLength);
            return (body, headerLength);
        }

        return (codec.Encode(request, MessageKind.Request), null);
    }

    private async Task<(byte[] Body, string? ServerTiming, int? HeaderLength)> PostAsync(ProtocolFormat format, byte[] body, int? headerLength, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(format.Codec.IsBinary ? ContentNegotiation.OctetStream : ContentNegotiation.Json);
        if (headerLength is { } value)
        {
            content.Headers.Add(KServeBinaryFormat.HeaderLengthName, value.ToString(CultureInfo.InvariantCulture));
        }

        var uri = remote?.RestUri(format, modelName) ?? new Uri(address, format.Route(modelName));
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        if (remote?.Signer is { } signer)
        {
            await signer.SignAsync(message, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        }

        using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300));
            throw new HttpRequestException($"{format} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        var timing = response.Headers.TryGetValues(ServerTimingOnce.HeaderName, out var values) ? string.Join(", ", values) : null;
        int? responseHeaderLength = response.Headers.TryGetValues(KServeBinaryFormat.HeaderLengthName, out var lengths)
            ? int.Parse(lengths.First(), NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
        return (bytes, timing, responseHeaderLength);
    }

    private async Task<(byte[] Body, string? ServerTiming, int? HeaderLength)> CallAsync(ProtocolFormat format, byte[] body, CancellationToken cancellationToken)
    {
        var method = format.Name == "kserve_grpc" ? ModelInfer : Predict;
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(cancellationToken: cancellationToken), body);
        var response = await call.ResponseAsync.ConfigureAwait(false);
        return (response, call.GetTrailers().GetValue(Bootstrap.Hosts.CloudRun.GrpcCall.ServerTimingKey), null);
    }

    private void RequireOutputs(InferenceMessage response)
    {
        var expected = responseOptions.Expected!;
        if (response.Tensors.Count != expected.Count)
        {
            throw new InvalidDataException($"The response must carry {expected.Count} output(s) ({string.Join(", ", expected)}); it carries {response.Tensors.Count}.");
        }
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
