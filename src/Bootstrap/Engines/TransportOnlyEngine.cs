using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bootstrap.Engines;

/// <summary>
/// An engine that computes nothing (<c>TOOLKIT_ENGINE=transport-only</c>): it takes a paper model's inputs (Table 2)
/// and answers with that model's output, correctly shaped and the same for every request (the seeded
/// <see cref="PayloadGenerator.Response"/>, so JSON sizes are those of realistic values). It lets the protocol
/// measurements cover models that have no engine yet; every figure made with it is labelled <c>transport_only</c>.
/// </summary>
public sealed class TransportOnlyEngine : IInferenceEngine
{
    public const string EngineName = "transport-only";

    private readonly byte[][] answers;

    private TransportOnlyEngine(PaperModel model)
    {
        Inputs = model.Inputs();
        Outputs = model.Outputs();
        var response = PayloadGenerator.Response(model);
        answers = [.. response.Tensors.Select(t => t.Tensor.Data)];
    }

    public string Name => EngineName;

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <exception cref="ArgumentException">The name is not one of the paper's models; the message lists them.</exception>
    public static TransportOnlyEngine For(string modelName)
    {
        var model = PaperModels.All.Where(m => string.Equals(m.Id(), modelName, StringComparison.OrdinalIgnoreCase)).Select(m => (PaperModel?)m).FirstOrDefault();
        return model is { } found
            ? new TransportOnlyEngine(found)
            : throw new ArgumentException($"TOOLKIT_MODEL must be one of the paper's models ({string.Join(", ", PaperModels.All.Select(m => m.Id()))}) for the {EngineName} engine; received '{modelName}'.", nameof(modelName));
    }

    /// <summary>Copies the fixed answer into <paramref name="outputs"/>; the inputs are only checked for shape.</summary>
    public void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        Require(inputs, Inputs, "input");
        Require(outputs, Outputs, "output");
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i].CopyTo(outputs[i].Data, 0);
        }
    }

    public void Dispose()
    {
    }

    private static void Require(IReadOnlyList<Tensor> tensors, IReadOnlyList<TensorSpec> specs, string role)
    {
        if (tensors.Count != specs.Count)
        {
            throw new ArgumentException($"The model takes {specs.Count} {role}(s) ({string.Join(", ", specs)}); received {tensors.Count}.");
        }

        for (var i = 0; i < specs.Count; i++)
        {
            if (tensors[i].DataType != specs[i].DataType || !tensors[i].Shape.SequenceEqual(specs[i].Shape))
            {
                throw new ArgumentException($"{role} '{specs[i].Name}' must be {specs[i]}; received {tensors[i]}.");
            }
        }
    }
}
