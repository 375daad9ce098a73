using System.Text.Json.Serialization;
using Toolkit.Bench.ColdStart;

namespace Toolkit.Bench.Protocols;

/// <summary>
/// One row of the <c>protocols</c> results: one model × format × concurrency. Each phase is a median and p95 over
/// the successful requests (null when every request failed); the medians of the phases need not add up to the
/// median end to end. <c>transport_only</c> marks rows whose server computed nothing (<c>TOOLKIT_ENGINE=transport-only</c>).
/// </summary>
public sealed record ProtocolRow(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("transport_only")] bool TransportOnly,
    [property: JsonPropertyName("build")] string Build,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("transport")] string Transport,
    [property: JsonPropertyName("concurrency")] int Concurrency,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("errors")] int Errors,
    [property: JsonPropertyName("first_error")] string? FirstError,
    [property: JsonPropertyName("request_bytes")] long RequestBytes,
    [property: JsonPropertyName("response_bytes")] long ResponseBytes,
    [property: JsonPropertyName("end_to_end_ms")] PhaseStats? EndToEndMs,
    [property: JsonPropertyName("client_encode_ms")] PhaseStats? ClientEncodeMs,
    [property: JsonPropertyName("transfer_ms")] PhaseStats? TransferMs,
    [property: JsonPropertyName("server_decode_ms")] PhaseStats? ServerDecodeMs,
    [property: JsonPropertyName("inference_ms")] PhaseStats? InferenceMs,
    [property: JsonPropertyName("server_encode_ms")] PhaseStats? ServerEncodeMs,
    [property: JsonPropertyName("client_decode_ms")] PhaseStats? ClientDecodeMs,
    [property: JsonPropertyName("server_encode_client_decode_ms")] PhaseStats? ServerEncodeClientDecodeMs,
    [property: JsonPropertyName("end_to_end_samples_ms")] IReadOnlyList<double> EndToEndSamplesMs,
    [property: JsonPropertyName("target")] string? Target = null)
{
    /// <summary>Summarizes the timed requests of one configuration against a local bootstrap.</summary>
    public static ProtocolRow From(ProtocolServer server, string build, ProtocolFormat format, int concurrency, IReadOnlyList<ProtocolSample> samples)
    {
        ArgumentNullException.ThrowIfNull(server);
        return From(server.ModelName, server.Engine, build, format, concurrency, samples);
    }

    /// <summary>Summarizes the timed requests of one configuration; <paramref name="target"/> names a deployed endpoint.</summary>
    public static ProtocolRow From(string model, string engine, string build, ProtocolFormat format, int concurrency, IReadOnlyList<ProtocolSample> samples, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(samples);
        var ok = samples.Where(s => !s.Failed).ToList();
        PhaseStats? Stats(Func<ProtocolSample, double> phase) => ok.Count == 0 ? null : PhaseStats.Of(ok.Select(phase));
        return new ProtocolRow(
            model,
            engine,
            engine == Bootstrap.Engines.TransportOnlyEngine.EngineName,
            build,
            format.Name,
            format.Transport,
            concurrency,
            samples.Count,
            samples.Count - ok.Count,
            samples.FirstOrDefault(s => s.Failed)?.Error,
            ok.Count == 0 ? 0 : ok[0].RequestBytes,
            ok.Count == 0 ? 0 : ok[0].ResponseBytes,
            Stats(s => s.EndToEndMs),
            Stats(s => s.ClientEncodeMs),
            Stats(s => s.TransferMs),
            Stats(s => s.ServerDecodeMs),
            Stats(s => s.InferenceMs),
            Stats(s => s.ServerEncodeMs),
            Stats(s => s.ClientDecodeMs),
            Stats(s => s.ServerEncodeMs + s.ClientDecodeMs),
            [.. ok.Select(s => Math.Round(s.EndToEndMs, 3))],
            target);
    }
}
