using Toolkit.Kernels.Tensors;

namespace Toolkit.Bench.Protocols;

/// <summary>
/// How many requests one model × format × concurrency gets: untimed warm-up requests (sequential), then the timed
/// ones, <see cref="RequestsPerClient"/> from each of the concurrent clients. JSON bodies of large tensors (YOLOv5's:
/// about 13 MB in and 26 MB out, hundreds of ms of codec work a side) get far fewer, so one quick run stays near a minute.
/// </summary>
public sealed record ProtocolPlan(int Warmup, int RequestsPerClient, bool WarmAtConcurrency)
{
    /// <summary>Tensor bytes above which a JSON exchange counts as large: between InceptionV3's 1 MiB and YOLOv5's 12.9 MiB.</summary>
    public const long LargeJsonTensorBytes = 4L << 20;

    /// <returns>The plan, or null when a quick run skips the configuration: 40 concurrent YOLOv5 JSON requests take
    /// about a minute per format on 2 cores (measured), the whole budget of a quick run.</returns>
    public static ProtocolPlan? For(ProtocolFormat format, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, int concurrency, bool quick)
    {
        ArgumentNullException.ThrowIfNull(format);
        var large = format.IsJson && TensorBytes(inputs) + TensorBytes(outputs) > LargeJsonTensorBytes;
        return (concurrency, quick, large) switch
        {
            (1, true, true) => new(Warmup: 1, RequestsPerClient: 3, WarmAtConcurrency: false),
            (1, true, false) => new(Warmup: 3, RequestsPerClient: 10, WarmAtConcurrency: false),
            (1, false, true) => new(Warmup: 2, RequestsPerClient: 10, WarmAtConcurrency: false),
            (1, false, false) => new(Warmup: 10, RequestsPerClient: 100, WarmAtConcurrency: false),
            (_, true, true) => null,
            // Quick: no untimed concurrent round; opening 40 loopback connections costs far less than the queue does.
            (_, true, false) => new(Warmup: 2, RequestsPerClient: 1, WarmAtConcurrency: false),
            (_, false, true) => new(Warmup: 2, RequestsPerClient: 2, WarmAtConcurrency: false),
            // Full: one untimed concurrent round opens every client's connection first.
            (_, false, false) => new(Warmup: 10, RequestsPerClient: 5, WarmAtConcurrency: true),
        };
    }

    private static long TensorBytes(IReadOnlyList<TensorSpec> specs) =>
        specs.Sum(s => s.Shape.Aggregate(1L, (n, d) => n * d) * s.DataType.Size());
}
