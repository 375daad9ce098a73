using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Measures the <see cref="ServiceProfile"/> the simulator and the advisor read, from real bootstrap processes kept
/// alive for the whole experiment:
/// <list type="bullet">
/// <item>service times: requests one after another to an instance pinned to core 0 with one thread and to one pinned
/// to cores 0–1 with two; each sample is the client's whole round trip (HTTP, decode, inference, encode), the time one
/// request holds an instance, so a simulated queue of them adds up as the real one does;</item>
/// <item>shared 1-core service times: the core-0 instance and a second one pinned to core 1, both sent requests at
/// once, as two 1-core instances run side by side (each vCPU of this shared VM changes speed on its own, by up to 2×
/// for seconds at a time, and an AVX-512 FMA loop on both vCPUs at once took 2.0–2.1× as long as alone);</item>
/// <item>cold start: fresh processes pinned to core 0, runtime init plus model load (spawn until the first inference
/// can start), the median of the runs.</item>
/// </list>
/// The kinds take turns request by request, so a load spell of another tenant falls on all of them alike.
/// </summary>
public sealed class ProfileProbe : IDisposable
{
    private readonly BootstrapBuild build;
    private readonly string engine;
    private readonly string model;
    private readonly ScalingInstance oneCore;
    private readonly ScalingInstance twoCores;
    private readonly ScalingInstance? neighbour;
    private readonly List<ProbeBlock> blocks = [];
    private long requestBytes;
    private long responseBytes;

    private ProfileProbe(BootstrapBuild build, string engine, string model, ScalingInstance oneCore, ScalingInstance twoCores, ScalingInstance? neighbour)
    {
        this.build = build;
        this.engine = engine;
        this.model = model;
        this.oneCore = oneCore;
        this.twoCores = twoCores;
        this.neighbour = neighbour;
    }

    public static async Task<ProfileProbe> StartAsync(BootstrapBuild build, string engine, string model, CancellationToken cancellationToken)
    {
        var twoCoresHere = Environment.ProcessorCount >= 2;
        int[] twoCpus = twoCoresHere ? [0, 1] : [0];
        var started = new List<ScalingInstance>();
        try
        {
            started.Add(await ScalingInstance.StartAsync(build, model, engine, CpuLimit.Pinned([0]), 1, cancellationToken).ConfigureAwait(false));
            started.Add(await ScalingInstance.StartAsync(build, model, engine, CpuLimit.Pinned(twoCpus), twoCpus.Length, cancellationToken).ConfigureAwait(false));
            if (twoCoresHere)
            {
                started.Add(await ScalingInstance.StartAsync(build, model, engine, CpuLimit.Pinned([1]), 1, cancellationToken).ConfigureAwait(false));
            }

            foreach (var instance in started)
            {
                await instance.WarmUpAsync(cancellationToken).ConfigureAwait(false);
            }

            return new ProfileProbe(build, engine, model, started[0], started[1], twoCoresHere ? started[2] : null);
        }
        catch
        {
            started.ForEach(i => i.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Samples <paramref name="count"/> service times at one core alone, at two cores and (on a machine with two cores)
    /// at one core beside a busy neighbour, both instances' samples kept; returns just these.
    /// </summary>
    public async Task<ProbeBlock> SampleAsync(int count, CancellationToken cancellationToken)
    {
        // The kinds take turns, one request (or one concurrent pair) each, so a load spell of another tenant on this
        // shared machine, often a second or two, falls on every kind alike instead of on whichever ran then.
        var one = new List<double>(count);
        var two = new List<double>(count);
        var shared = new List<double>(2 * count);
        for (var i = 0; i < count; i++)
        {
            var alone = await oneCore.SendSequentiallyAsync(1, cancellationToken).ConfigureAwait(false);
            requestBytes = alone[0].RequestBytes;
            responseBytes = alone[0].ResponseBytes;
            one.Add(Rounded(alone[0]));
            two.Add(Rounded((await twoCores.SendSequentiallyAsync(1, cancellationToken).ConfigureAwait(false))[0]));
            if (neighbour is not null)
            {
                var pair = await Task.WhenAll(oneCore.SendSequentiallyAsync(1, cancellationToken), neighbour.SendSequentiallyAsync(1, cancellationToken)).ConfigureAwait(false);
                shared.Add(Rounded(pair[0][0]));
                shared.Add(Rounded(pair[1][0]));
            }
        }

        var block = new ProbeBlock([.. one], [.. two], [.. shared]);
        blocks.Add(block);
        return block;
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

    /// <summary>A profile of every block sampled so far, with this machine named as its source.</summary>
    public ServiceProfile Profile(double coldStartMs)
    {
        var source = string.Create(CultureInfo.InvariantCulture, $"scaling containers, {build.Name} bootstrap, {engine} engine, client round trips, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {MachineInfo.Current().CpuModel}");
        var block = ProbeBlock.Concat(blocks);
        return new ServiceProfile(model, block.OneCoreMs, block.TwoCoresMs, coldStartMs, source, requestBytes, responseBytes,
            Samples1CoreSharedMs: block.SharedMs.Length > 0 ? block.SharedMs : null).Validated("measured profile");
    }

    private static double Rounded(ProtocolSample sample) => Math.Round(sample.EndToEndMs, 3);

    public void Dispose()
    {
        oneCore.Dispose();
        twoCores.Dispose();
        neighbour?.Dispose();
    }
}
