using System.Collections.Concurrent;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Inference;

/// <summary>
/// The one data path every host shares: payload → codec → tensors → engine → tensors → codec → payload. Hosts only
/// adapt their platform's contract to <see cref="HandleAsync"/> or <see cref="InferAsync"/>; they know nothing about the
/// model. Inference is serialized: one engine runs one request at a time, on a thread of its own, and other requests
/// queue for it holding no thread. The thread pool is left to accept, read, decode and answer requests: when the
/// inference ran on a pool thread, a 1-vCPU AOT instance sent eight requests at once answered its first after 104-147
/// ms against a 22-30 ms round trip alone, because each finished request's answer waited for a pool thread behind the
/// next inferences (with the pool's minimum raised to 10 threads, after 47 ms).
/// </summary>
public sealed class InferenceService : IDisposable
{
    private readonly IInferenceEngine engine;
    private readonly ColdStartTimeline timeline;
    private readonly BlockingCollection<PendingInference> queue = [];
    private readonly Thread runner;
    private readonly Tensor[] outputs;

    public InferenceService(string modelName, IInferenceEngine engine, ColdStartTimeline timeline)
    {
        ModelName = modelName;
        this.engine = engine;
        this.timeline = timeline;
        outputs = [.. engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape))];
        runner = new Thread(RunQueue) { IsBackground = true, Name = "toolkit-inference" };
        runner.Start();
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
    /// Runs one request message on the inference thread and returns the response message; the wait for it holds no
    /// thread. A request cancelled while it waits is dropped; one that has started runs to the end.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while the request waited.</exception>
    public Task<InferenceMessage> InferAsync(InferenceMessage request, CancellationToken cancellationToken = default)
    {
        RequireModel(request.ModelName);
        var pending = new PendingInference(MatchInputs(request.Tensors), cancellationToken);
        queue.Add(pending, CancellationToken.None);
        return pending.Task;
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
        queue.CompleteAdding();
        runner.Join();
        queue.Dispose();
        engine.Dispose();
    }

    private void RunQueue()
    {
        foreach (var pending in queue.GetConsumingEnumerable())
        {
            if (!pending.Start())
            {
                continue;
            }

            try
            {
                engine.Run(pending.Inputs, outputs);
                // Copies, because the output tensors are reused by the next request.
                var response = new InferenceMessage(ModelName, [.. engine.Outputs.Select((spec, i) => new NamedTensor(spec.Name, new Tensor(spec.DataType, spec.Shape, (byte[])outputs[i].Data.Clone())))]);
                // Marked before the answer is released: the first answer carries the cold-start timeline when complete.
                timeline.Mark(ColdStartTimeline.FirstInference);
                pending.Complete(response);
            }
            catch (Exception e)
            {
                pending.Fail(e);
            }
        }
    }

    /// <summary>A request waiting for the inference thread; its continuations run on the pool, never on that thread.</summary>
    private sealed class PendingInference
    {
        private readonly TaskCompletionSource<InferenceMessage> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration cancellation;

        public PendingInference(Tensor[] inputs, CancellationToken cancellationToken)
        {
            Inputs = inputs;
            cancellation = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        }

        public Tensor[] Inputs { get; }

        public Task<InferenceMessage> Task => completion.Task;

        /// <summary>False when it was cancelled while it waited; from here on cancellation no longer applies.</summary>
        public bool Start()
        {
            // Dispose waits for a cancellation callback already running, so the check after it is final.
            cancellation.Dispose();
            return !completion.Task.IsCompleted;
        }

        public void Complete(InferenceMessage response) => completion.TrySetResult(response);

        public void Fail(Exception error) => completion.TrySetException(error);
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
