using System.Diagnostics;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// Figure 4 measured: for each Lambda memory size, the bootstrap runs under the CPU quota that size buys (capped at
/// this machine's cores) with one inference thread per vCPU; one fresh process gives the cold start, a second one
/// the warm latencies.
/// </summary>
/// <remarks>
/// Each instance warms up as <see cref="ScalingInstance"/> does (100 requests under the JIT), cut short after the
/// plan's warm-up seconds. With 5 warm-up requests, as before, MobileNetV1 under the JIT ran its timed requests in
/// 29 ms at one vCPU and fell from 26 to 10 ms within 70 requests at two: the timing saw the JIT's tiers, not the
/// quota. After 100 it ran 10 ms at both.
/// </remarks>
public sealed class FaasMeasurement(BootstrapBuild build, string engine, LambdaCpuShare share, FaasPlan plan)
{

    public async Task<List<FaasPoint>> RunAsync(string model, IReadOnlyList<int> memorySizesMb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memorySizesMb);
        var cores = Environment.ProcessorCount;
        var request = FirstRequest.For(model);
        var points = new List<FaasPoint>();
        foreach (var memoryMb in memorySizesMb)
        {
            var quota = share.QuotaCores(memoryMb, cores);
            var threads = share.Threads(memoryMb, cores);
            var limit = CpuLimit.Quota(quota);
            double coldStartMs;
            using (var group = CpuLimitGroup.Create(limit))
            {
                var sample = await ColdStartProbe.RunAsync(build, "cloudrun", engine, request, StagedModel.For(model), null, ScalingInstance.Launch(group, threads, StagedModel.For(model)), cancellationToken).ConfigureAwait(false);
                coldStartMs = sample.EndToEndMs;
            }

            using var instance = await ScalingInstance.StartAsync(build, model, engine, limit, threads, cancellationToken).ConfigureAwait(false);
            await instance.WarmUpAsync(TimeSpan.FromSeconds(plan.WarmupSeconds), cancellationToken).ConfigureAwait(false);
            var samples = new List<Protocols.ProtocolSample>();
            var clock = Stopwatch.StartNew();
            while (samples.Count < plan.Requests || (clock.Elapsed.TotalSeconds < plan.Seconds && samples.Count < 10 * plan.Requests))
            {
                samples.AddRange(await instance.SendSequentiallyAsync(1, cancellationToken).ConfigureAwait(false));
            }

            var point = new FaasPoint(memoryMb, share.Vcpus(memoryMb), quota, threads, coldStartMs,
                LatencySamples.From(samples.Select(s => s.InferenceMs)),
                LatencySamples.From(samples.Select(s => s.ServerDecodeMs + s.InferenceMs + s.ServerEncodeMs)),
                LatencySamples.From(samples.Select(s => s.EndToEndMs)),
                instance.QuotaMechanism);
            points.Add(point);
            Console.WriteLine($"scaling faas: {model} {memoryMb,5} MB  {point.VcpuShare:F2} vCPU → quota {quota:F2}{(point.Capped ? " (capped)" : "")}, {threads} thread(s): "
                + $"inference {point.InferenceMs.MedianMs:F1}/{point.InferenceMs.P95Ms:F1} ms, end-to-end {point.EndToEndMs.MedianMs:F1}/{point.EndToEndMs.P95Ms:F1} ms (median/p95), cold start {coldStartMs:F0} ms, quota by {point.QuotaMechanism}");
        }

        return points;
    }
}
