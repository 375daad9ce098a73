namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// What <c>scaling containers</c> runs: the configurations to run for real (those that fit this machine) and the ones to
/// simulate only, the burst (48 in the paper), timed bursts per real configuration, profile sizes and simulation seeds.
/// </summary>
public sealed record ContainerPlan(
    IReadOnlyList<ContainerConfig> Real,
    IReadOnlyList<ContainerConfig> SimulatedOnly,
    int Burst,
    int Bursts,
    int ProfileSamples,
    int ColdStarts,
    int Seeds)
{
    /// <summary>The paper's Figure 5 configurations for a burst of 48 requests.</summary>
    public static IReadOnlyList<ContainerConfig> Paper { get; } = [.. new[] { "6_8_8", "6_8_2", "12_4_4", "24_2_2" }.Select(ContainerConfig.Parse)];

    /// <summary>
    /// What a user would try next: one instance per request (48_1_1), Cloud Run's default concurrency on one instance
    /// (1_80_1), and middle grounds of 2-vCPU instances (4_8_2, 8_4_2, 12_2_2).
    /// </summary>
    public static IReadOnlyList<ContainerConfig> UserTries { get; } = [.. new[] { "48_1_1", "1_80_1", "4_8_2", "8_4_2", "12_2_2" }.Select(ContainerConfig.Parse)];

    /// <summary>The paper's burst.</summary>
    public const int PaperBurst = 48;

    // A burst on the slowest real configuration (one core) should take at most this long, so a configuration runs in
    // seconds even for a large model; beyond it the burst is scaled down (and the simulation uses the same burst).
    private const double MaxBurstMs = 6000;

    // The smallest burst that still queues on every real configuration (the largest admits 8 at once).
    private const int MinBurst = 12;

    /// <summary>The burst to send: <see cref="Burst"/>, or fewer when one core would need longer than six seconds.</summary>
    public int BurstFor(double serviceMsOneCore) =>
        Burst * serviceMsOneCore <= MaxBurstMs ? Burst : Math.Min(Burst, Math.Max(MinBurst, (int)(MaxBurstMs / serviceMsOneCore)));
}
