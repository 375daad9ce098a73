using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bootstrap.Tests.Engines;

public class TransportOnlyEngineTests
{
    [Theory]
    [InlineData("mobilenet_v1")]
    [InlineData("inception_v3")]
    [InlineData("yolo_v5")]
    [InlineData("bert")]
    public void It_takes_and_answers_the_paper_models_signature_the_same_way_every_time(string model)
    {
        using var engine = TransportOnlyEngine.For(model);
        var paper = PaperModels.All.Single(m => m.Id() == model);
        var inputs = PayloadGenerator.Request(paper).Tensors.Select(t => t.Tensor).ToArray();
        var first = engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();
        var second = engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();

        engine.Run(inputs, first);
        engine.Run(inputs, second);

        Assert.Equal(paper.Inputs().Select(s => s.ToString()), engine.Inputs.Select(s => s.ToString()));
        Assert.Equal(paper.Outputs().Select(s => s.ToString()), engine.Outputs.Select(s => s.ToString()));
        Assert.Equal(PayloadGenerator.Response(paper).Tensors[0].Tensor.Data, first[0].Data);
        Assert.Equal(first[0].Data, second[0].Data);
    }

    [Fact]
    public void A_wrongly_shaped_input_is_refused_by_name()
    {
        using var engine = TransportOnlyEngine.For("yolo_v5");
        var output = Tensor.Zeros(DataType.Float32, 1, PaperModels.YoloCandidates, PaperModels.YoloRowLength);

        var error = Assert.Throws<ArgumentException>(() => engine.Run([Tensor.Zeros(DataType.Float32, 1, 320, 320, 3)], [output]));

        Assert.Contains("images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_paper_models_are_served_and_the_message_lists_them()
    {
        var error = Assert.Throws<ArgumentException>(() => TransportOnlyEngine.For("resnet50"));

        Assert.Contains("yolo_v5", error.Message, StringComparison.Ordinal);
        Assert.Contains("resnet50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Toolkit_engine_transport_only_selects_it()
    {
        var options = BootstrapOptions.From([], new DictionaryEnvironment(new Dictionary<string, string> { ["TOOLKIT_ENGINE"] = "transport-only", ["TOOLKIT_MODEL"] = "yolo_v5" }));

        Assert.Equal(EngineKind.TransportOnly, options.Engine);
        Assert.Equal("transport-only", BuildInfo.Describe(options)["engine"]);
        using var engine = global::Toolkit.Bootstrap.Inference.ModelLoader.Open(options);
        Assert.Equal("transport-only", engine.Name);
    }
}
