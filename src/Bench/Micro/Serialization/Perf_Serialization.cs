using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Micro.Serialization;

/// <summary>
/// Encoding and decoding each Table 2 payload on each wire format, against System.Text.Json serializing the same
/// tensors as plain arrays (the baseline of each category). Run with <c>micro --filter '*Serialization*'</c>.
/// The payloads are seeded, so every run measures the same bytes.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Perf_Serialization
{
    public const string Encode = "encode";
    public const string Decode = "decode";

    // Decoding must accept YOLOv5's output as JSON, above the default 64 MiB guard.
    private static readonly DecodeOptions Unlimited = new(MaxPayloadBytes: 1L << 30);

    private InferenceMessage message = null!;
    private MessageKind kind;
    private IWireFormat format = null!;
    private DecodeOptions options = null!;
    private byte[] encoded = null!;
    private Array[] plainArrays = null!;
    private byte[] systemTextJson = null!;
    private bool integers;

    /// <summary>A small and a large input, the large output, and the multi-tensor integer input.</summary>
    [Params("mobilenet_v1.input", "yolo_v5.input", "yolo_v5.output", "bert.input")]
    public string Payload { get; set; } = "";

    [Params("tfserving_json", "kserve_json", "kserve_binary", "kserve_grpc", "tfserving_grpc")]
    public string Format { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Payload.Split('.');
        var model = PaperModels.All.First(m => m.Id() == parts[0]);
        var direction = parts[1] == "input" ? MessageDirection.Input : MessageDirection.Output;
        message = PayloadGenerator.Message(model, direction);
        kind = direction == MessageDirection.Input ? MessageKind.Request : MessageKind.Response;
        format = WireFormats.Get(Format);
        options = Unlimited with { Expected = [.. message.Tensors.Select(t => new TensorSpec(t.Name, t.Tensor.DataType, t.Tensor.Shape))] };
        encoded = format.Encode(message, kind);
        integers = message.Tensors[0].Tensor.DataType == DataType.Int32;
        plainArrays = [.. message.Tensors.Select(t => integers ? (Array)t.Tensor.AsSpan<int>().ToArray() : t.Tensor.AsSpan<float>().ToArray())];
        systemTextJson = EncodeSystemTextJson();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Encode)]
    public byte[] EncodeSystemTextJson() =>
        integers
            ? JsonSerializer.SerializeToUtf8Bytes(plainArrays.Cast<int[]>().ToArray())
            : JsonSerializer.SerializeToUtf8Bytes(plainArrays.Cast<float[]>().ToArray());

    [Benchmark]
    [BenchmarkCategory(Encode)]
    public byte[] EncodeFormat() => format.Encode(message, kind);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Decode)]
    public int DecodeSystemTextJson() =>
        integers
            ? JsonSerializer.Deserialize<int[][]>(systemTextJson)!.Length
            : JsonSerializer.Deserialize<float[][]>(systemTextJson)!.Length;

    [Benchmark]
    [BenchmarkCategory(Decode)]
    public int DecodeFormat() => format.Decode(encoded, kind, options).Tensors.Count;
}
