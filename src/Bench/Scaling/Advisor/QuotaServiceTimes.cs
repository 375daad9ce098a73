using System.Globalization;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>
/// Service times sampled under a CFS quota, for the platforms that hand out a fraction of the machine by memory size
/// (Lambda, SageMaker Serverless): a bootstrap under a quota shares it among all its threads (HTTP, GC, timers) and
/// a request can stall until the next 100 ms period once they have spent it, which a profile taken on a pinned,
/// unlimited core never sees (issue 7: Lambda 1769 MB predicted 48 ms p95 from pinned samples, replayed 62 ms under
/// the quota). Keyed by the quota sampled under: the vCPU share, capped at this machine's cores.
/// </summary>
public sealed class QuotaServiceTimes(int machineCores)
{
    // Shares closer than a thousandth of a vCPU get the same quota (the price book's shares are memory / 1769 MB).
    private const int QuotaDecimals = 3;

    private readonly Dictionary<double, double[]> samplesByQuota = [];

    public int MachineCores { get; } = machineCores > 0 ? machineCores
        : throw new ArgumentOutOfRangeException(nameof(machineCores), machineCores, $"machineCores must be at least 1; received {machineCores}.");

    /// <summary>The quotas sampled so far (cores).</summary>
    public IReadOnlyCollection<double> Quotas => samplesByQuota.Keys;

    /// <summary>The quota a function with <paramref name="vcpus"/> is sampled under here: its share, at most the machine's cores.</summary>
    public static double QuotaCores(double vcpus, int machineCores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vcpus);
        return Math.Round(Math.Min(vcpus, machineCores), QuotaDecimals);
    }

    /// <summary>Inference threads at that share: one per started vCPU (as <c>scaling faas</c> and the replay run it), capped.</summary>
    public static int Threads(double vcpus, int machineCores) => CpuLimit.StartedCores(vcpus, machineCores);

    public double QuotaFor(double vcpus) => QuotaCores(vcpus, MachineCores);

    public bool Has(double vcpus) => samplesByQuota.ContainsKey(QuotaFor(vcpus));

    /// <exception cref="ArgumentException">No samples, or one not a positive finite ms.</exception>
    public void Add(double quotaCores, double[] samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        if (samplesMs.Length == 0 || samplesMs.Any(s => !double.IsFinite(s) || s <= 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Quota {quotaCores} cores: samplesMs must be a non-empty array of positive ms; received {samplesMs.Length} values."), nameof(samplesMs));
        }

        samplesByQuota[Math.Round(quotaCores, QuotaDecimals)] = samplesMs;
    }

    /// <summary>
    /// The service time of a function with <paramref name="vcpus"/>: the samples under its quota; above this machine's
    /// cores, those at the capped quota scaled by the profile's Amdahl fit from the cap to the share. Null when its
    /// quota was not sampled (the caller falls back to the pinned profile).
    /// </summary>
    public IServiceTimeDistribution? At(double vcpus, ServiceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!samplesByQuota.TryGetValue(QuotaFor(vcpus), out var samples))
        {
            return null;
        }

        var scaling = profile.Scaling;
        var factor = vcpus > MachineCores ? scaling.TimeFraction(vcpus) / scaling.TimeFraction(MachineCores) : 1;
        return new EmpiricalServiceTime(samples, factor);
    }

    /// <summary>The median of the samples at each quota, for the advice's basis line.</summary>
    public string Describe() => string.Join(", ", samplesByQuota.OrderBy(p => p.Key).Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Key:0.###} cores: median {Reporting.LatencySamples.From(p.Value).MedianMs:F1} / p95 {Reporting.LatencySamples.From(p.Value).P95Ms:F1} ms")));
}
