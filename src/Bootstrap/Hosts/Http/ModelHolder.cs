using Toolkit.Bootstrap.Inference;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// The model, loading in the background while the server already accepts connections (SageMaker wants a socket
/// within 250 ms; a MobileNetV1 load takes longer under the JIT). Health checks read <see cref="IsReady"/>; requests
/// that arrive during the load wait for it instead of failing.
/// </summary>
public sealed class ModelHolder : IDisposable
{
    private readonly TaskCompletionSource<InferenceService> loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ModelHolder(string modelName) => ModelName = modelName;

    /// <summary>The name the model will be served under, known before it has loaded.</summary>
    public string ModelName { get; }

    public bool IsReady => loaded.Task.IsCompletedSuccessfully;

    /// <summary>The load's outcome: the service, or the exception that stopped it.</summary>
    public Task<InferenceService> Loaded => loaded.Task;

    /// <summary>Starts the load on the thread pool; call it once the server is listening.</summary>
    public void BeginLoading(Func<InferenceService> load) => _ = Task.Run(() =>
    {
        try
        {
            loaded.SetResult(load());
        }
        catch (Exception e)
        {
            // Not swallowed: the exception travels to every waiting request (503) and to the host, which exits.
            loaded.SetException(e);
        }
    });

    /// <summary>The service, waiting for the load if it is still running.</summary>
    /// <exception cref="HttpStatusException">503: the model failed to load.</exception>
    public async Task<InferenceService> GetAsync()
    {
        try
        {
            return await loaded.Task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new HttpStatusException(503, $"The model '{ModelName}' failed to load: {e.Message}");
        }
    }

    /// <summary>Refuses a request for another model before waiting for this one to load.</summary>
    /// <exception cref="ModelNotFoundException">The name is set and is not this model's.</exception>
    public void RequireModel(string? name)
    {
        if (!string.IsNullOrEmpty(name) && !string.Equals(name, ModelName, StringComparison.Ordinal))
        {
            throw new ModelNotFoundException($"Unknown model '{name}'; this server serves '{ModelName}'.");
        }
    }

    public void Dispose()
    {
        if (loaded.Task.IsCompletedSuccessfully)
        {
            loaded.Task.Result.Dispose();
        }
    }
}
