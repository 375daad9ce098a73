using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Inference;

/// <summary>
/// The one data path every host shares: payload → codec → tensors → engine → tensors → codec → payload. Hosts only
/// adapt their platform's contract to <see cref="HandleAsync"/> or <see cref="InferAsync"/>; they know nothing about the
/// model. Inference is serialized: one engine runs one request at a time, and other requests queue here. The queue is
/// an asynchronous gate, not a lock: a waiting request holds no thread, so a burst of 40 requests on a 2-core machine
/// leaves the thread pool free to accept, read and decode the rest while one request computes.
/// </summary>
public sealed class InferenceService : IDisposable
{
    private readonly IInferenceEngine engine;
    private readonly ColdStartTimeline timeline;
    private readonly SemaphoreSlim engineGate = new(1, 1);
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
    public async Task<byte[]> HandleAsync(byte[] body, IWireFormat requestFormat, IWireFormat responseFormat, long maxPayloadBytes, CancellationToken cancellationToken = default)
    {
        var request = Decode(body, requestFormat, maxPayloadBytes);
        return Encode(await InferAsync(request, cancellationToken).ConfigureAwait(false), responseFormat, out _);
    }

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

    /// <summary>
    /// Runs one request message and returns the response message. The wait for the engine is asynchronous; the
    /// inference itself runs on the thread that wins the gate.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while the request waited.</exception>
    public async Task<InferenceMessage> InferAsync(InferenceMessage request, CancellationToken cancellationToken = default)
    {
        RequireModel(request.ModelName);
        var inputs = MatchInputs(request.Tensors);
        InferenceMessage response;
        await engineGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            engine.Run(inputs, outputs);
            // Copies, because the output tensors are reused by the next request.
            response = new InferenceMessage(ModelName, [.. engine.Outputs.Select((spec, i) => new NamedTensor(spec.Name, new Tensor(spec.DataType, spec.Shape, (byte[])outputs[i].Data.Clone())))]);
        }
        finally
        {
            engineGate.Release();
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

    public void Dispose()
    {
        engine.Dispose();
        engineGate.Dispose();
    }

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
