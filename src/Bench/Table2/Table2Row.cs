using System.Text.Json.Serialization;

namespace Toolkit.Bench.Table2;

/// <summary>One model × direction × format × element type: its size, its codec times, and where it fits.</summary>
public sealed record Table2Row(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("dtype")] string DataType,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("mib")] double Mib,
    [property: JsonPropertyName("paper_mib")] double? PaperMib,
    [property: JsonPropertyName("framing_bytes")] long FramingBytes,
    [property: JsonPropertyName("encode_us")] double EncodeUs,
    [property: JsonPropertyName("decode_us")] double DecodeUs,
    [property: JsonPropertyName("fits_lambda")] bool FitsLambda,
    [property: JsonPropertyName("fits_sagemaker")] bool FitsSageMaker,
    [property: JsonPropertyName("fits_cloud_run")] bool FitsCloudRun);

/// <summary>The float codec against System.Text.Json on one payload's values, as a flat float[] array: medians of
/// alternating runs, and the median of the per-run speed-ups.</summary>
public sealed record JsonCodecRow(
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("values")] long Values,
    [property: JsonPropertyName("toolkit_bytes")] long ToolkitBytes,
    [property: JsonPropertyName("system_text_json_bytes")] long SystemTextJsonBytes,
    [property: JsonPropertyName("toolkit_encode_ns_per_value")] double ToolkitEncodeNsPerValue,
    [property: JsonPropertyName("system_text_json_encode_ns_per_value")] double SystemTextJsonEncodeNsPerValue,
    [property: JsonPropertyName("encode_speedup")] double EncodeSpeedup,
    [property: JsonPropertyName("toolkit_decode_ns_per_value")] double ToolkitDecodeNsPerValue,
    [property: JsonPropertyName("system_text_json_decode_ns_per_value")] double SystemTextJsonDecodeNsPerValue,
    [property: JsonPropertyName("decode_speedup")] double DecodeSpeedup);

/// <summary>Protobuf encoding of a payload against a plain copy of its tensor bytes into a new array, timed in
/// alternation; the ratio is the median of the per-round ratios (encode ÷ copy).</summary>
public sealed record ProtobufCopyRow(
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("encode_us")] double EncodeUs,
    [property: JsonPropertyName("memcpy_us")] double MemcpyUs,
    [property: JsonPropertyName("ratio")] double Ratio);
