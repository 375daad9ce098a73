using System.Globalization;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// A CPU budget for a child process: a quota in cores (a fraction of a vCPU as a FaaS platform hands out, enforced by the
/// CFS bandwidth controller) and/or the cores it may run on (an instance pinned to its own cores). Null leaves a part free.
/// </summary>
public sealed record CpuLimit(double? Cores, IReadOnlyList<int>? Cpus)
{
    /// <summary>
    /// The cores a share of <paramref name="vcpus"/> runs threads on: every vCPU started counts (1.16 vCPU gets two),
    /// at least one, at most <paramref name="machineCores"/>.
    /// </summary>
    public static int StartedCores(double vcpus, int machineCores) => Math.Clamp((int)Math.Ceiling(vcpus - 1e-9), 1, machineCores);

    /// <summary>No limit: a group only for its CPU weight (see <see cref="CpuLimitGroup.Weight"/>).</summary>
    public static CpuLimit None { get; } = new(null, null);

    /// <summary>A quota of <paramref name="cores"/> cores, on any core.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The quota is not positive.</exception>
    public static CpuLimit Quota(double cores) =>
        cores > 0 && double.IsFinite(cores)
            ? new CpuLimit(cores, null)
            : throw new ArgumentOutOfRangeException(nameof(cores), cores, $"A CPU quota must be a positive number of cores; received {cores}.");

    /// <summary>Pinned to <paramref name="cpus"/>, as much of them as it can use.</summary>
    /// <exception cref="ArgumentException">No core is given, or one is outside this machine.</exception>
    public static CpuLimit Pinned(IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (cpus.Count == 0 || cpus.Any(c => c < 0 || c >= Environment.ProcessorCount))
        {
            throw new ArgumentException($"Pinned cores must be 0–{Environment.ProcessorCount - 1} and at least one; received [{string.Join(", ", cpus)}].", nameof(cpus));
        }

        return new CpuLimit(null, cpus);
    }

    /// <summary>The cpuset/taskset list form, <c>0,1</c>.</summary>
    public string? CpuList => Cpus is null ? null : string.Join(',', Cpus.Select(c => c.ToString(CultureInfo.InvariantCulture)));

    public override string ToString() =>
        (Cores, CpuList) switch
        {
            ({ } cores, { } list) => string.Create(CultureInfo.InvariantCulture, $"{cores:0.###} cores on cpus {list}"),
            ({ } cores, null) => string.Create(CultureInfo.InvariantCulture, $"{cores:0.###} cores"),
            (null, { } list) => $"cpus {list}",
            _ => "unlimited",
        };
}
