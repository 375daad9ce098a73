using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Measures the <see cref="ServiceProfile"/> the simulator and the advisor read, from real bootstrap processes kept
/// alive for the whole experiment, so that service times can be sampled right beside each real run (this machine is a
/// shared VM whose speed drifts by tens of percent within a minute; a profile taken a minute earlier would predict
/// the drift, not the queueing):
/// <list type="bullet">
/// <item>service times: requests one after another to an instance pinned to core 0 with one thread and to one pinned
/// to cores 0–1 with two; each sample is the client's whole round trip (HTTP, decode, inference, encode), the time one
/// request holds an instance, so a simulated queue of them adds up as the real one does;</item>
/// <item>cold start: fresh processes pinned to core 0, runtime init plus model load (spawn until the first inference
/// can start), the median of the runs.</item>
/// </list>
/// </summary>
public sealed class ProfileProbe : IDisposable
{
    // Enough for the JIT tiers and the engine's buffers to settle before the service times are kept.
    private const int WarmupRequests = 5;

    private readonly BootstrapBuild build;
    private readonly string engine;
    private readonly string model;
    private readonly ScalingInstance oneCore;
    private readonly ScalingInstance twoCores;
    private readonly List<double> oneCoreMs = [];
    private readonly List<double> twoCoresMs = [];
    private long requestBytes;
    private long responseBytes;

    private ProfileProbe(BootstrapBuild build, string engine, string model, ScalingInstance oneCore, ScalingInstance twoCores)
    {
        this.build = build;
        this.engine = engine;
        this.model = model;
        this.oneCore = oneCore;
        this.twoCores = twoCores;
    }

    /// <summary>Every service time sampled so far at one core and at two.</summary>
    public (IReadOnlyList<double> OneCoreMs, IReadOnlyList<double> TwoCoresMs) Samples => (oneCoreMs, twoCoresMs);

    public static async Task<ProfileProbe> StartAsync(BootstrapBuild build, string engine, string model, CancellationToken cancellationToken)
    {
        int[] twoCpus = Environment.ProcessorCount >= 2 ? [0, 1] : [0];
        ScalingInstance? one = null, two = null;
        try
        {
            one = await ScalingInstance.StartAsync(build, model, engine, CpuLimit.Pinned([0]), 1, cancellationToken).ConfigureAwait(false);
            two = await ScalingInstance.StartAsync(build, model, engine, CpuLimit.Pinned(twoCpus), twoCpus.Length, cancellationToken).ConfigureAwait(false);
            await one.SendSequentiallyAsync(WarmupRequests, cancellationToken).ConfigureAwait(false);
            await two.SendSequentiallyAsync(WarmupRequests, cancellationToken).ConfigureAwait(false);
            return new ProfileProbe(build, engine, model, one, two);
        }
        catch
        {
            one?.Dispose();
            two?.Dispose();
            throw;
        }
    }

    /// <summary>Samples <paramref name="count"/> service times at each core count; returns just these.</summary>
    public async Task<(double[] OneCoreMs, double[] TwoCoresMs)> SampleAsync(int count, CancellationToken cancellationToken)
    {
        var one = await oneCore.SendSequentiallyAsync(count, cancellationToken).ConfigureAwait(false);
        var two = await twoCores.SendSequentiallyAsync(count, cancellationToken).ConfigureAwait(false);
        requestBytes = one[0].RequestBytes;
        responseBytes = one[0].ResponseBytes;
        double[] oneMs = [.. one.Select(s => Math.Round(s.EndToEndMs, 3))];
        double[] twoMs = [.. two.Select(s => Math.Round(s.EndToEndMs, 3))];
        oneCoreMs.AddRange(oneMs);
        twoCoresMs.AddRange(twoMs);
        return (oneMs, twoMs);
    }

    /// <summary>Runs <paramref name="runs"/> fresh processes pinned to core 0 and returns the median of their init + load.</summary>
    public async Task<double> ColdStartMsAsync(int runs, CancellationToken cancellationToken)
    {
        var request = FirstRequest.For(model);
        var directory = StagedModel.For(model);
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            using var group = CpuLimitGroup.Create(CpuLimit.Pinned([0]));
            var sample = await ColdStartProbe.RunAsync(build, "cloudrun", engine, request, directory, null, ScalingInstance.Launch(group, 1, directory), cancellationToken).ConfigureAwait(false);
            samples.Add(sample.RuntimeInitMs + sample.ModelLoadMs);
        }

        return Math.Round(LatencySamples.From(samples).MedianMs, 3);
    }

    /// <summary>A profile of the given samples (all of them by default) with this machine named as its source.</summary>
    public ServiceProfile Profile(double coldStartMs, IReadOnlyList<double>? oneCoreSamplesMs = null, IReadOnlyList<double>? twoCoresSamplesMs = null)
    {
        var source = string.Create(CultureInfo.InvariantCulture, $"scaling containers, {build.Name} bootstrap, {engine} engine, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {MachineInfo.Current().CpuModel}");
        return new ServiceProfile(model, [.. oneCoreSamplesMs ?? oneCoreMs], [.. twoCoresSamplesMs ?? twoCoresMs], coldStartMs, source, requestBytes, responseBytes)
            .Validated("measured profile");
    }

    public void Dispose()
    {
        oneCore.Dispose();
        twoCores.Dispose();
    }
}
