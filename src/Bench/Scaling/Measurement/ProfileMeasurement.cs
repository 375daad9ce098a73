using Toolkit.Bench.ColdStart;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Measures a <see cref="MeasuredProfile"/>: sequential requests to a bootstrap pinned to core 0 (one thread) and to
/// cores 0–1 (two threads), and a few cold starts pinned to core 0.
/// </summary>
public sealed class ProfileMeasurement(BootstrapBuild build, string engine, int samples, int coldStarts)
{
    // Enough for the JIT tiers and the engine's buffers to settle before the service times are kept.
    private const int WarmupRequests = 5;

    public async Task<MeasuredProfile> RunAsync(string model, CancellationToken cancellationToken)
    {
        var oneCore = await ServiceTimesAsync(model, [0], cancellationToken).ConfigureAwait(false);
        var twoCores = Environment.ProcessorCount >= 2 ? await ServiceTimesAsync(model, [0, 1], cancellationToken).ConfigureAwait(false) : [];
        var request = FirstRequest.For(model);
        var coldStartMs = new List<double>();
        for (var i = 0; i < coldStarts; i++)
        {
            using var group = CpuLimitGroup.Create(CpuLimit.Pinned([0]));
            var directory = StagedModel.For(model);
            var sample = await ColdStartProbe.RunAsync(build, "cloudrun", engine, request, directory, null, ScalingInstance.Launch(group, 1, directory), cancellationToken).ConfigureAwait(false);
            coldStartMs.Add(sample.EndToEndMs);
        }

        return new MeasuredProfile(model, oneCore, twoCores, coldStartMs);
    }

    private async Task<List<double>> ServiceTimesAsync(string model, int[] cpus, CancellationToken cancellationToken)
    {
        using var instance = await ScalingInstance.StartAsync(build, model, engine, CpuLimit.Pinned(cpus), cpus.Length, cancellationToken).ConfigureAwait(false);
        await instance.SendSequentiallyAsync(WarmupRequests, cancellationToken).ConfigureAwait(false);
        var timed = await instance.SendSequentiallyAsync(samples, cancellationToken).ConfigureAwait(false);
        return [.. timed.Select(s => s.EndToEndMs)];
    }
}
