using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Inference;

/// <summary>
/// The one data path every host shares: payload → codec → tensors → engine → tensors → codec → payload. Hosts only
/// adapt their platform's contract to <see cref="Handle"/> or <see cref="Infer"/>; they know nothing about the model.
/// Inference is serialized: one engine runs one request at a time, and other requests queue here.
/// </summary>
public sealed class InferenceService : IDisposable
{
    private readonly IInferenceEngine engine;
    private readonly ColdStartTimeline timeline;
    private readonly Lock engineLock = new();
    private readonly Tensor[] outputs;

    public InferenceService(string modelName, IInferenceEngine engine, ColdStartTimeline timeline)
    {
        ModelName = modelName;
        this.engine = engine;
        this.timeline = timeline;
        outputs = [.. engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape))];
    }

    public string ModelName { get; }

    public string EngineName => engine.Name;

    public IReadOnlyList<TensorSpec> Inputs => engine.Inputs;

    public IReadOnlyList<TensorSpec> Outputs => engine.Outputs;

    public ColdStartTimeline Timeline => timeline;

    /// <summary>Decodes a request body, runs it and encodes the response.</summary>
    /// <exception cref="Serialization.Errors.PayloadException">The body is malformed or too large.</exception>
    /// <exception cref="InferenceRequestException">The tensors do not fit the model, or the model name is wrong.</exception>
    public byte[] Handle(ReadOnlySpan<byte> body, IWireFormat requestFormat, IWireFormat responseFormat, long maxPayloadBytes) =>
        Encode(Infer(Decode(body, requestFormat, maxPayloadBytes)), responseFormat, out _);

    /// <summary>
    /// Decodes a request against this model's signature; <paramref name="headerLengthBytes"/> is the KServe binary
    /// extension's <c>Inference-Header-Content-Length</c> when the transport carried one.
    /// </summary>
    public InferenceMessage Decode(ReadOnlySpan<byte> body, IWireFormat format, long maxPayloadBytes, int? headerLengthBytes = null)
    {
        var options = new DecodeOptions(Inputs, maxPayloadBytes);
        return format is KServeBinaryFormat binary
            ? binary.Decode(body, MessageKind.Request, options, headerLengthBytes)
            : format.Decode(body, MessageKind.Request, options);
    }

    /// <summary>
    /// Encodes a response; for the KServe binary extension <paramref name="headerLengthBytes"/> is the
    /// <c>Inference-Header-Content-Length</c> the transport must send with it, otherwise null.
    /// </summary>
    public static byte[] Encode(InferenceMessage response, IWireFormat format, out int? headerLengthBytes)
    {
        if (format is KServeBinaryFormat)
        {
            var body = KServeBinaryFormat.EncodeWithHeaderLength(response, MessageKind.Response, out var length);
            headerLengthBytes = length;
            return body;
        }

        headerLengthBytes = null;
        return format.Encode(response, MessageKind.Response);
    }

    /// <summary>Runs one request message and returns the response message.</summary>
    public InferenceMessage Infer(InferenceMessage request)
    {
        RequireModel(request.ModelName);
        var inputs = MatchInputs(request.Tensors);
        InferenceMessage response;
        lock (engineLock)
        {
            engine.Run(inputs, outputs);
            // Copies, because the output tensors are reused by the next request.
            response = new InferenceMessage(ModelName, [.. engine.Outputs.Select((spec, i) => new NamedTensor(spec.Name, new Tensor(spec.DataType, spec.Shape, (byte[])outputs[i].Data.Clone())))]);
        }

        timeline.Mark(ColdStartTimeline.FirstInference);
        return response;
    }

    /// <summary>Accepts an empty name (formats whose path names the model) or this model's name.</summary>
    public void RequireModel(string? name)
    {
        if (!string.IsNullOrEmpty(name) && !string.Equals(name, ModelName, StringComparison.Ordinal))
        {
            throw new ModelNotFoundException($"Unknown model '{name}'; this server serves '{ModelName}'.");
        }
    }

    public void Dispose() => engine.Dispose();

    private Tensor[] MatchInputs(IReadOnlyList<NamedTensor> tensors)
    {
        var inputs = new Tensor[Inputs.Count];
        foreach (var (name, tensor) in tensors)
        {
            // A lone unnamed tensor (TF-Serving's {"inputs": [...]}) feeds a lone input.
            var index = Inputs.Count == 1 && tensors.Count == 1 && string.IsNullOrEmpty(name) ? 0 : IndexOf(name);
            if (inputs[index] is not null)
            {
                throw new InferenceRequestException($"Input '{Inputs[index].Name}' was sent twice.");
            }

            inputs[index] = TensorAdapter.Fit(tensor, Inputs[index]);
        }

        var missing = Inputs.Where((_, i) => inputs[i] is null).Select(s => s.Name).ToList();
        return missing.Count == 0
            ? inputs
            : throw new InferenceRequestException($"Missing input(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; the model takes {string.Join(", ", Inputs)}.");
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Name == name)
            {
                return i;
            }
        }

        throw new InferenceRequestException($"Unknown input '{name}'; the model takes {string.Join(", ", Inputs)}.");
    }
}
