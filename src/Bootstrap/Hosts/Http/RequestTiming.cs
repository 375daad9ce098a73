using System.Diagnostics;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// The server's share of one inference request, for its <c>Server-Timing</c> header (REST) or <c>server-timing</c>
/// trailer (gRPC): <c>decode;dur=…, infer;dur=…, encode;dur=…</c> in ms, after the cold-start entries when this is the
/// process's first timed response. A client subtracts them from its round trip to get the transfer. Reading the body
/// and writing it to the socket are transfer, not decode or encode. <c>infer</c> includes any wait for the engine,
/// which runs one request at a time.
/// </summary>
public sealed class RequestTiming
{
    public const string Decode = "decode";
    public const string Infer = "infer";
    public const string Encode = "encode";

    public double DecodeMs { get; private set; }

    public double InferMs { get; private set; }

    public double EncodeMs { get; private set; }

    /// <summary>True once an inference has run: only then is there a header to send.</summary>
    public bool HasInference { get; private set; }

    /// <summary>The cold-start entries (<see cref="ServerTimingOnce"/>) this response also carries, or null.</summary>
    public string? ColdStart { get; set; }

    public T TimeDecode<T>(Func<T> step)
    {
        var started = Stopwatch.GetTimestamp();
        var result = step();
        DecodeMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return result;
    }

    public T TimeInfer<T>(Func<T> step)
    {
        var started = Stopwatch.GetTimestamp();
        var result = step();
        InferMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        HasInference = true;
        return result;
    }

    public async Task<T> TimeInferAsync<T>(Func<Task<T>> step)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await step().ConfigureAwait(false);
        InferMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        HasInference = true;
        return result;
    }

    public T TimeEncode<T>(Func<T> step)
    {
        var started = Stopwatch.GetTimestamp();
        var result = step();
        EncodeMs += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return result;
    }

    /// <summary><c>[cold-start entries, ]decode;dur=0.412, infer;dur=11.3, encode;dur=0.05</c>.</summary>
    public string HeaderValue()
    {
        var own = ServerTimingEntries.Join([(Decode, DecodeMs), (Infer, InferMs), (Encode, EncodeMs)]);
        return ColdStart is null ? own : $"{ColdStart}, {own}";
    }
}
