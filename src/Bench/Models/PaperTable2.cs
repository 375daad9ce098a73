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
            "BERT-base costs about 85 M multiply-accumulates per token in its 12 layers (4·768² attention projections and " +
            "2·768·3072 feed-forward), about 94 GFLOPs for 500 tokens; the paper's 13.39 fits about 80 tokens."),
    };
}
