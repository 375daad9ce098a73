using Toolkit.Bench.Commands;
using Toolkit.Bench.Pretrained;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Onnx.Import;

namespace Toolkit.Bootstrap.Tests.Pretrained;

/// <summary>
/// The bootstrap serves an imported model exactly as a zoo model: <c>model import minilm</c> writes <c>minilm.tkm</c>,
/// which the loader maps, advertises with its int64 inputs, and serves over every wire format that carries int64.
/// An <c>.onnx</c> given straight to our engine is imported at start, and one that cannot be is the load's error.
/// </summary>
public sealed class ImportedModelServingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("imported-serving-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Serves_the_imported_minilm_over_every_wire_format()
    {
        Assert.Equal(0, ModelImport.Run(PretrainedModels.MiniLM, directory, [], null, [IsaSupport.Widest]));
        using var service = ModelLoader.Load(Options(PretrainedModels.MiniLM), new ColdStartTimeline());
        Assert.Equal(PretrainedModels.MiniLM, service.ModelName);
        Assert.All(service.Inputs, i => Assert.Equal("INT64[1,128]", $"{i.DataType.KServeName()}[{string.Join(',', i.Shape)}]"));

        var inputs = PretrainedInputs.MiniLMSentence(PretrainedInputs.Sentences[2]);
        using var direct = KernelsEngine.Create(PretrainedModels.Import(PretrainedModels.MiniLM));
        var expected = direct.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();
        direct.Run(inputs, expected);

        var request = new InferenceMessage(service.ModelName, [.. service.Inputs.Select((spec, i) => new NamedTensor(spec.Name, inputs[i]))]);
        foreach (var format in WireFormats.All.Where(f => f.Name.StartsWith("kserve", StringComparison.Ordinal)))
        {
            var body = await service.HandleAsync(format.Encode(request, MessageKind.Request), format, format, long.MaxValue);
            var response = format.Decode(body, MessageKind.Response, new DecodeOptions(service.Outputs, long.MaxValue));
            var hidden = response.Tensors.Single(t => t.Name == "last_hidden_state").Tensor.AsSpan<float>().ToArray();
            Assert.True(TensorComparison.RelativeDifference(hidden, expected[0].AsSpan<float>()) <= 1e-6, format.Name);
        }
    }

    [Fact]
    public void An_onnx_file_is_imported_at_start_with_its_dimensions_from_TOOLKIT_DIMS()
    {
        File.Copy(PretrainedModels.OnnxPath(PretrainedModels.MiniLM), Path.Combine(directory, "encoder.onnx"));
        using var service = ModelLoader.Load(Options("encoder.onnx", "batch=1,sequence=16"), new ColdStartTimeline());
        Assert.Equal("encoder", service.ModelName);
        Assert.Equal([1, 16], service.Inputs[0].Shape);
    }

    [Fact]
    public void An_onnx_file_without_its_dimensions_is_refused_naming_them()
    {
        File.Copy(PretrainedModels.OnnxPath(PretrainedModels.MiniLM), Path.Combine(directory, "encoder.onnx"));
        var error = Assert.Throws<OnnxImportException>(() => ModelLoader.Load(Options("encoder.onnx"), new ColdStartTimeline()));
        Assert.Contains("input 'input_ids'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'batch'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TOOLKIT_DIMS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_onnx_file_is_the_loads_error()
    {
        var bytes = File.ReadAllBytes(PretrainedModels.OnnxPath(PretrainedModels.ResNet18));
        File.WriteAllBytes(Path.Combine(directory, "cut.onnx"), bytes[..(bytes.Length / 3)]);
        var error = Assert.Throws<OnnxImportException>(() => ModelLoader.Load(Options("cut.onnx"), new ColdStartTimeline()));
        Assert.Contains("cut.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    private BootstrapOptions Options(string model, string? dims = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TOOLKIT_MODEL"] = model,
            ["TOOLKIT_ENGINE"] = "kernels",
            ["TOOLKIT_MODEL_DIR"] = directory,
        };
        if (dims is not null)
        {
            variables["TOOLKIT_DIMS"] = dims;
        }

        return BootstrapOptions.From([], new DictionaryEnvironment(variables));
    }
}
