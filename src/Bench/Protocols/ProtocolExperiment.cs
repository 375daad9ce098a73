using Toolkit.Bench.ColdStart;
using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bench.Protocols;

/// <summary>
/// Figure 3: for each model, one bootstrap process (Cloud Run host) on loopback, and every format sent to it warm, at
/// each concurrency. Models without an engine in the zoo are served by the transport-only engine and labelled so.
/// </summary>
public sealed class ProtocolExperiment(
    BootstrapBuild build,
    IReadOnlyList<string> models,
    IReadOnlyList<int> concurrencies,
    IReadOnlyList<ProtocolFormat> formats,
    bool quick,
    string engine = ProtocolExperiment.AutoEngine)
{
    /// <summary>Our kernels where the zoo has the model, else transport-only; a quick run computes only MobileNetV1,
    /// the one zoo model whose inference is short enough for 40 concurrent requests per format within its minute.</summary>
    public const string AutoEngine = "auto";

    public async Task<List<ProtocolRow>> RunAsync(CancellationToken cancellationToken)
    {
        var rows = new List<ProtocolRow>();
        foreach (var model in models)
        {
            using var server = await ProtocolServer.StartAsync(build, model, EngineFor(model), cancellationToken).ConfigureAwait(false);
            using var client = new ProtocolClient(server.Address, server.ModelName, server.Outputs);
            var request = ProtocolRequest.For(server.ModelName, server.Inputs);
            foreach (var concurrency in concurrencies)
            {
                var planned = new List<(ProtocolFormat Format, ProtocolPlan Plan)>();
                foreach (var format in formats)
                {
                    if (ProtocolPlan.For(format, server.Inputs, server.Outputs, concurrency, quick) is { } plan)
                    {
                        planned.Add((format, plan));
                    }
                    else
                    {
                        Console.WriteLine($"protocols: {model,-12} {server.Engine,-14} c={concurrency,-2} {format,-19} skipped in a quick run (large JSON); run without --quick");
                    }
                }

                var measured = concurrency == 1
                    ? await MeasureInterleavedAsync(client, planned, request, cancellationToken).ConfigureAwait(false)
                    : await MeasureEachAsync(client, planned, request, concurrency, cancellationToken).ConfigureAwait(false);
                foreach (var (format, samples) in measured)
                {
                    var row = ProtocolRow.From(server, build.Name, format, concurrency, samples);
                    rows.Add(row);
                    Console.WriteLine($"protocols: {model,-12} {server.Engine,-14} c={concurrency,-2} {format,-19} {row.EndToEndMs?.Median,9:F2} ms median, {row.Errors}/{row.Requests} failed");
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// Warm-up requests one at a time (and, if the plan says so, one untimed concurrent round), then
    /// <paramref name="concurrency"/> clients each sending <see cref="ProtocolPlan.RequestsPerClient"/> requests back
    /// to back. Failed requests are kept as failed samples.
    /// </summary>
    public static async Task<List<ProtocolSample>> MeasureAsync(ProtocolClient client, ProtocolFormat format, InferenceMessage request, int concurrency, ProtocolPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(plan);
        for (var i = 0; i < plan.Warmup; i++)
        {
            await client.SendAsync(format, request, cancellationToken).ConfigureAwait(false);
        }

        if (plan.WarmAtConcurrency && concurrency > 1)
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => client.SendAsync(format, request, cancellationToken))).ConfigureAwait(false);
        }

        var perClient = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            // Each client starts on the thread pool so 40 clients really are in flight together.
            await Task.Yield();
            var samples = new List<ProtocolSample>(plan.RequestsPerClient);
            for (var i = 0; i < plan.RequestsPerClient; i++)
            {
                samples.Add(await client.SendAsync(format, request, cancellationToken).ConfigureAwait(false));
            }

            return samples;
        })).ConfigureAwait(false);
        return [.. perClient.SelectMany(s => s)];
    }

    /// <summary>
    /// Sequential requests with the formats taking turns (one request of each per round), so a load that drifts on a
    /// shared machine weighs on every format alike and their ratios hold; a format with fewer requests drops out of
    /// the later rounds.
    /// </summary>
    public static async Task<List<(ProtocolFormat Format, List<ProtocolSample> Samples)>> MeasureInterleavedAsync(ProtocolClient client, IReadOnlyList<(ProtocolFormat Format, ProtocolPlan Plan)> planned, InferenceMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(planned);
        foreach (var (format, plan) in planned)
        {
            for (var i = 0; i < plan.Warmup; i++)
            {
                await client.SendAsync(format, request, cancellationToken).ConfigureAwait(false);
            }
        }

        var results = planned.Select(p => (p.Format, Samples: new List<ProtocolSample>(p.Plan.RequestsPerClient))).ToList();
        var rounds = planned.Count == 0 ? 0 : planned.Max(p => p.Plan.RequestsPerClient);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < planned.Count; i++)
            {
                if (round < planned[i].Plan.RequestsPerClient)
                {
                    results[i].Samples.Add(await client.SendAsync(planned[i].Format, request, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        return results;
    }

    /// <summary>Each format in turn at <paramref name="concurrency"/> (<see cref="MeasureAsync"/>).</summary>
    public static async Task<List<(ProtocolFormat Format, List<ProtocolSample> Samples)>> MeasureEachAsync(ProtocolClient client, IReadOnlyList<(ProtocolFormat Format, ProtocolPlan Plan)> planned, InferenceMessage request, int concurrency, CancellationToken cancellationToken)
    {
        var results = new List<(ProtocolFormat, List<ProtocolSample>)>();
        foreach (var (format, plan) in planned)
        {
            results.Add((format, await MeasureAsync(client, format, request, concurrency, plan, cancellationToken).ConfigureAwait(false)));
        }

        return results;
    }

    private string EngineFor(string model) => engine switch
    {
        AutoEngine => ModelZoo.Names.Contains(model, StringComparer.OrdinalIgnoreCase) && (!quick || model == MobileNetV1.Name) ? "kernels" : TransportOnlyEngine.EngineName,
        _ => engine,
    };
}
