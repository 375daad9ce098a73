using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Lambda;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Protos.KServe;

namespace Toolkit.Bench.Protocols;

/// <summary>
/// A bootstrap serving the Cloud Run contract (REST and gRPC on one loopback port) in its own process, started as the
/// cold-start harness starts it, ready and warm to the extent that its model has loaded. Its model's signature is read
/// from the server (KServe <c>ModelMetadata</c>), so requests are built for what it actually serves.
/// </summary>
public sealed class ProtocolServer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly BootstrapProcess process;

    private ProtocolServer(BootstrapProcess process, Uri address, string modelName, string engine, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        this.process = process;
        Address = address;
        ModelName = modelName;
        Engine = engine;
        Inputs = inputs;
        Outputs = outputs;
    }

    public Uri Address { get; }

    public string ModelName { get; }

    /// <summary><c>kernels</c>, <c>onnxruntime</c> or <c>transport-only</c> (TOOLKIT_ENGINE).</summary>
    public string Engine { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>The bootstrap's stdout so far (its cold-start line among it), for error messages.</summary>
    public IReadOnlyCollection<string> StandardOutput => process.StandardOutput;

    /// <exception cref="InvalidOperationException">The process exited or did not become ready within two minutes.</exception>
    public static Task<ProtocolServer> StartAsync(BootstrapBuild build, string model, string engine, CancellationToken cancellationToken) =>
        StartAsync(build, model, engine, BootstrapLaunch.Plain, cancellationToken);

    /// <summary>Starts it with <paramref name="launch"/>'s extra variables and behind its launcher (a CPU limit, say).</summary>
    /// <exception cref="InvalidOperationException">The process exited or did not become ready within two minutes.</exception>
    public static async Task<ProtocolServer> StartAsync(BootstrapBuild build, string model, string engine, BootstrapLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(launch);
        var port = LoopbackPort.Free();
        var environment = new Dictionary<string, string>
        {
            ["TOOLKIT_MODEL"] = model,
            ["TOOLKIT_ENGINE"] = engine,
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
        };
        var process = BootstrapProcess.Start(build.Program, ["--host", "cloudrun"], launch.Merge(environment), launch.Launcher);
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
            await WaitUntilReadyAsync(process, address, timeout.Token).ConfigureAwait(false);
            var (inputs, outputs) = await SignatureAsync(address, model, timeout.Token).ConfigureAwait(false);
            return new ProtocolServer(process, address, model, engine, inputs, outputs);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => process.Dispose();

    /// <summary>Polls <c>/v2/health/ready</c> every 10 ms: refused while Kestrel starts, 503 while the model loads.</summary>
    private static async Task WaitUntilReadyAsync(BootstrapProcess process, Uri address, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The bootstrap exited before it was ready: {string.Join(" | ", process.StandardOutput)}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The served model's signature, from KServe <c>ModelMetadata</c> over gRPC at <paramref name="address"/>.</summary>
    public static async Task<(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)> SignatureAsync(Uri address, string model, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var metadata = await new GRPCInferenceService.GRPCInferenceServiceClient(channel)
            .ModelMetadataAsync(new ModelMetadataRequest { Name = model }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
        return ([.. metadata.Inputs.Select(Spec)], [.. metadata.Outputs.Select(Spec)]);
    }

    private static TensorSpec Spec(ModelMetadataResponse.Types.TensorMetadata tensor) =>
        new(tensor.Name, Enum.GetValues<DataType>().First(t => t.KServeName() == tensor.Datatype), [.. tensor.Shape.Select(d => checked((int)d))]);
}
