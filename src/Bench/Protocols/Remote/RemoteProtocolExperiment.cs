using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Protocols.Remote;

/// <summary>
/// The <c>protocols</c> measurements against a deployed endpoint instead of a local bootstrap: the same requests, plans
/// and phase split, for the formats the platform carries. The model's signature comes from the endpoint where it has
/// a metadata call (Cloud Run: KServe <c>ModelMetadata</c>); Lambda Function URLs and SageMaker endpoints have none,
/// so requests follow the paper model's Table 2 signature, which the deployment must serve.
/// </summary>
public sealed class RemoteProtocolExperiment(RemoteTarget target, IReadOnlyList<string> models, IReadOnlyList<int> concurrencies, IReadOnlyList<ProtocolFormat> formats, bool quick)
{
    /// <summary>What the rows call the engine: the harness cannot see what a deployment runs.</summary>
    public const string DeployedEngine = "deployed";

    public async Task<List<ProtocolRow>> RunAsync(CancellationToken cancellationToken)
    {
        var rows = new List<ProtocolRow>();
        var carried = target.Supported(formats).ToList();
        foreach (var skipped in formats.Except(carried))
        {
            Console.WriteLine($"protocols: {skipped} skipped: {target.Platform} carries REST only");
        }

        foreach (var model in models)
        {
            var (inputs, outputs) = await SignatureAsync(model, cancellationToken).ConfigureAwait(false);
            using var client = new ProtocolClient(target.Address, model, outputs, target);
            var request = ProtocolRequest.For(model, inputs);
            foreach (var concurrency in concurrencies)
            {
                var planned = carried.Select(f => (Format: f, Plan: ProtocolPlan.For(f, inputs, outputs, concurrency, quick))).Where(p => p.Plan is not null).Select(p => (p.Format, p.Plan!)).ToList();
                var measured = concurrency == 1
                    ? await ProtocolExperiment.MeasureInterleavedAsync(client, planned, request, cancellationToken).ConfigureAwait(false)
                    : await ProtocolExperiment.MeasureEachAsync(client, planned, request, concurrency, cancellationToken).ConfigureAwait(false);
                foreach (var (format, samples) in measured)
                {
                    var row = ProtocolRow.From(model, DeployedEngine, target.Platform, format, concurrency, samples, target.Address.ToString());
                    rows.Add(row);
                    Console.WriteLine($"protocols: {target.Platform} {model,-12} c={concurrency,-2} {format,-19} {row.EndToEndMs?.Median,9:F2} ms median, {row.Errors}/{row.Requests} failed{(row.FirstError is { } error ? $" ({error})" : "")}");
                }
            }
        }

        if (!target.ReportsServerTiming)
        {
            Console.WriteLine($"protocols: {target.Platform} passes no Server-Timing back, so each transfer includes the server's decode, inference and encode.");
        }

        return rows;
    }

    /// <exception cref="ArgumentException">The platform has no metadata call and the model is not one of the paper's.</exception>
    private async Task<(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)> SignatureAsync(string model, CancellationToken cancellationToken)
    {
        if (target.ServesGrpc)
        {
            return await ProtocolServer.SignatureAsync(target.Address, model, cancellationToken).ConfigureAwait(false);
        }

        var paper = PaperModels.All.Where(m => m.Id() == model).Select(m => (PaperModel?)m).FirstOrDefault()
            ?? throw new ArgumentException($"--models must name paper models ({string.Join(", ", PaperModels.All.Select(m => m.Id()))}) for a {target.Platform} target, which has no metadata call; received '{model}'.", nameof(model));
        return (paper.Inputs(), paper.Outputs());
    }
}
