namespace Toolkit.Bench.Models;

/// <summary>
/// The paper's Table 2 compute and size columns: GFLOPS per inference and model size in MB, per model id (the ids
/// <c>PaperModels.Id</c> and the zoo use). The I/O columns live with the payloads (<c>PaperModels</c>).
/// </summary>
public static class PaperTable2
{
    /// <summary>One model's row; <paramref name="GflopsNote"/> explains a gap between the paper's GFLOPS and a count from the graph.</summary>
    public sealed record Row(string Model, double Gflops, double ModelMb, string? GflopsNote = null);

    public static IReadOnlyDictionary<string, Row> Rows { get; } = new Dictionary<string, Row>(StringComparer.Ordinal)
    {
        ["mobilenet_v1"] = new("mobilenet_v1", 1.15, 18),
        ["inception_v3"] = new("inception_v3", 11.5, 97),
        ["yolo_v5"] = new("yolo_v5", 16.5, 28),
        ["bert"] = new("bert", 13.39, 428,
            "Our count is 2 FLOPs per multiply-accumulate of every GEMM: per token and layer 7.08 M (Q|K|V 768x2304, output " +
            "768x768, feed-forward 2x768x3072) and per layer 2·S²·768 for Q·Kᵀ and P·V. At the paper's 500 tokens that is " +
            "85.0 G + 9.2 G = 94.2 GFLOPs; at the common 128 tokens 21.7 G + 0.6 G = 22.3 GFLOPs. The paper's 13.39 fits " +
            "about 78 tokens at 2 FLOPs per MAC (or about 150 if its tool counted one per MAC), so it was most likely counted " +
            "for a short profiling sequence, not the 500-token requests it served."),
    };
}
