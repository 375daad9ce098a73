using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// The bootstrap serves BERT-base from the zoo on our kernels: the paper's request (three int32 [1,500] tensors of a
/// padded review) goes through the KServe JSON codec and the tensor adapter to the engine and back as two probabilities.
/// </summary>
public class BertServingTests
{
    [Fact]
    public void Serves_the_papers_bert_request_over_kserve_json()
    {
        var environment = new DictionaryEnvironment(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TOOLKIT_MODEL"] = BertBase.Name,
            ["TOOLKIT_ENGINE"] = "kernels",
            ["TOOLKIT_MODEL_DIR"] = Path.GetTempPath(),
        });
        using var service = ModelLoader.Load(BootstrapOptions.From([], environment), new ColdStartTimeline());
        Assert.Equal(PaperModel.Bert.Id(), service.ModelName);
        Assert.Equal(PaperModel.Bert.Inputs().Select(s => s.ToString()), service.Inputs.Select(s => s.ToString()));
        Assert.Equal(PaperModel.Bert.Outputs().Select(s => s.ToString()), service.Outputs.Select(s => s.ToString()));

        var format = WireFormats.Get("kserve_json");
        var request = PayloadGenerator.Request(PaperModel.Bert);
        var body = service.Handle(format.Encode(request, MessageKind.Request), format, format, long.MaxValue);

        var response = format.Decode(body, MessageKind.Response, new DecodeOptions(service.Outputs, long.MaxValue));
        var probabilities = response.Tensors.Single().Tensor.AsSpan<float>().ToArray();
        Assert.Equal(2, probabilities.Length);
        Assert.InRange(probabilities.Sum(), 0.999f, 1.001f);
        Assert.All(probabilities, p => Assert.InRange(p, 0.01f, 0.99f));
    }

    [Fact]
    public void Refuses_float_ids_by_name()
    {
        var spec = PaperModel.Bert.Inputs()[0];
        var error = Assert.Throws<InferenceRequestException>(() => TensorAdapter.Fit(Tensor.Zeros(DataType.Float32, spec.Shape), spec));
        Assert.Contains("input_ids", error.Message, StringComparison.Ordinal);
        Assert.Contains("INT32", error.Message, StringComparison.Ordinal);
    }
}
