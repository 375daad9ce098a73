using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Measures the <see cref="ServiceProfile"/> the simulator and the advisor read, from real bootstrap processes:
/// <list type="bullet">
/// <item>service times: requests one after another to an instance pinned to core 0 with one thread, then to cores 0–1
/// with two; each sample is the client's whole round trip (HTTP, decode, inference, encode), the time one request
/// holds an instance, so a simulated queue of them adds up as the real one does;</item>
/// <item>cold start: fresh processes pinned to core 0, runtime init plus model load (spawn until the first inference
/// can start), the median of the runs.</item>
/// </list>
/// </summary>
public sealed class ProfileMeasurement(BootstrapBuild build, string engine, int samples, int coldStarts)
{
    // Enough for the JIT tiers and the engine's buffers to settle before the service times are kept.
    private const int WarmupRequests = 5;

    public async Task<ServiceProfile> RunAsync(string model, CancellationToken cancellationToken)
    {
        var oneCore = await ServiceTimesAsync(model, [0], cancellationToken).ConfigureAwait(false);
        int[] twoCpus = Environment.ProcessorCount >= 2 ? [0, 1] : [0];
        var twoCores = await ServiceTimesAsync(model, twoCpus, cancellationToken).ConfigureAwait(false);
        var request = FirstRequest.For(model);
        var directory = StagedModel.For(model);
        var coldStartMs = new List<double>();
        for (var i = 0; i < coldStarts; i++)
        {
            using var group = CpuLimitGroup.Create(CpuLimit.Pinned([0]));
            var sample = await ColdStartProbe.RunAsync(build, "cloudrun", engine, request, directory, null, ScalingInstance.Launch(group, 1, directory), cancellationToken).ConfigureAwait(false);
            coldStartMs.Add(sample.RuntimeInitMs + sample.ModelLoadMs);
        }

        var source = string.Create(CultureInfo.InvariantCulture, $"scaling containers, {build.Name} bootstrap, {engine} engine, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {MachineInfo.Current().CpuModel}");
        return new ServiceProfile(
            model,
            [.. oneCore.Select(s => Math.Round(s.EndToEndMs, 3))],
            [.. twoCores.Select(s => Math.Round(s.EndToEndMs, 3))],
            Math.Round(LatencySamples.From(coldStartMs).MedianMs, 3),
            source,
            oneCore[0].RequestBytes,
            oneCore[0].ResponseBytes).Validated("measured profile");
    }

    private async Task<List<ProtocolSample>> ServiceTimesAsync(string model, int[] cpus, CancellationToken cancellationToken)
    {
        using var instance = await ScalingInstance.StartAsync(build, model, engine, CpuLimit.Pinned(cpus), cpus.Length, cancellationToken).ConfigureAwait(false);
        await instance.SendSequentiallyAsync(WarmupRequests, cancellationToken).ConfigureAwait(false);
        return await instance.SendSequentiallyAsync(samples, cancellationToken).ConfigureAwait(false);
    }
}
