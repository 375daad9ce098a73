using Toolkit.Serialization.Formats;

namespace Toolkit.Bench.Protocols;

/// <summary>
/// One wire format as the paper's Figure 3 sends it to a Cloud Run host: the codec, and whether it travels as a REST
/// body (HTTP/1.1) or a unary gRPC call (h2c).
/// </summary>
public sealed record ProtocolFormat(string Name, string Transport, IWireFormat Codec)
{
    public const string Rest = "rest";
    public const string Grpc = "grpc";

    /// <summary>The five formats in Figure 3's order: REST JSON (TF-Serving, then KServe), REST binary, then gRPC.</summary>
    public static IReadOnlyList<ProtocolFormat> All { get; } =
    [
        new("tfserving_json", Rest, WireFormats.Get("tfserving_json")),
        new("kserve_json", Rest, WireFormats.Get("kserve_json")),
        new("kserve_binary", Rest, WireFormats.Get("kserve_binary")),
        new("kserve_grpc", Grpc, WireFormats.Get("kserve_grpc")),
        new("tfserving_grpc", Grpc, WireFormats.Get("tfserving_grpc")),
    ];

    /// <summary>True for the formats whose bodies are text (tens of MB for YOLOv5), which the plans run fewer times.</summary>
    public bool IsJson => !Codec.IsBinary;

    /// <exception cref="ArgumentException">No format has that name.</exception>
    public static ProtocolFormat Get(string name) =>
        All.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"Format must be one of {string.Join(", ", All.Select(f => f.Name))}; received '{name}'.", nameof(name));

    /// <summary>The REST route (TF-Serving predict or KServe infer) or the gRPC method's service and name.</summary>
    public string Route(string modelName) => Name switch
    {
        "tfserving_json" => $"/v1/models/{modelName}:predict",
        "kserve_grpc" => "inference.GRPCInferenceService/ModelInfer",
        "tfserving_grpc" => "tensorflow.serving.PredictionService/Predict",
        _ => $"/v2/models/{modelName}/infer",
    };

    public override string ToString() => $"{Transport} {Name}";
}
