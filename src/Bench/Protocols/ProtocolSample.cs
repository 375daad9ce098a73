namespace Toolkit.Bench.Protocols;

/// <summary>
/// One timed request, split into Figure 3's phases (ms): the client's encode; the transfer, which is the client's
/// round trip less the server's own decode, inference and encode (its <c>Server-Timing</c>); and the client's decode.
/// The phases add up to <see cref="PhasesMs"/>, which falls short of <see cref="EndToEndMs"/> (timed around the
/// whole request) only by the client's bookkeeping. A failed request carries its <see cref="Error"/> instead.
/// </summary>
public sealed record ProtocolSample(
    double EndToEndMs,
    double ClientEncodeMs,
    double TransferMs,
    double ServerDecodeMs,
    double InferenceMs,
    double ServerEncodeMs,
    double ClientDecodeMs,
    long RequestBytes,
    long ResponseBytes,
    string? Error = null)
{
    public bool Failed => Error is not null;

    public double PhasesMs => ClientEncodeMs + TransferMs + ServerDecodeMs + InferenceMs + ServerEncodeMs + ClientDecodeMs;

    public static ProtocolSample Failure(double endToEndMs, string error) => new(endToEndMs, 0, 0, 0, 0, 0, 0, 0, 0, error);
}
