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
    /// <summary>The default run's step, and the command, that runs this plan; its skips carry this name.</summary>
    public const string Step = "scaling containers";

    /// <summary>The paper's Figure 5 configurations for a burst of 48 requests.</summary>
    public static IReadOnlyList<ContainerConfig> Paper { get; } = [.. new[] { "6_8_8", "6_8_2", "12_4_4", "24_2_2" }.Select(ContainerConfig.Parse)];

    /// <summary>
    /// What a user would try next: one instance per request (48_1_1), Cloud Run's default concurrency on one instance
    /// (1_80_1), and middle grounds of 2-vCPU instances (4_8_2, 8_4_2, 12_2_2).
    /// </summary>
    public static IReadOnlyList<ContainerConfig> UserTries { get; } = [.. new[] { "48_1_1", "1_80_1", "4_8_2", "8_4_2", "12_2_2" }.Select(ContainerConfig.Parse)];

    /// <summary>The paper's burst.</summary>
    public const int PaperBurst = 48;

    private static readonly ContainerConfig[] QuickReal = [.. new[] { "2_1_1", "1_1_2", "1_8_1" }.Select(ContainerConfig.Parse)];

    /// <summary>
    /// The default run's plan: the same-cores pairs the report compares run for real (2_1_1 against 1_1_2, and one packed
    /// instance, 1_8_1), the paper's and the user's configurations simulated; two bursts each and fewer seeds, about half
    /// a minute for MobileNetV1. <paramref name="full"/> keeps the command line's defaults.
    /// </summary>
    public static ContainerPlan Quick(bool full) => full
        ? new([.. ContainerConfig.RealOnTwoCores], [.. Paper, .. UserTries], PaperBurst, Bursts: 5, ProfileSamples: 40, ColdStarts: 3, Seeds: 20)
        : new(QuickReal, [.. Paper, .. UserTries], PaperBurst, Bursts: 2, ProfileSamples: 20, ColdStarts: 1, Seeds: 10);

    // A burst on the slowest real configuration (one core) should take at most this long, so a configuration runs in
    // seconds even for a large model; beyond it the burst is scaled down (and the simulation uses the same burst).
    private const double MaxBurstMs = 6000;

    // The smallest burst that still queues on every real configuration (the largest admits 8 at once).
    private const int MinBurst = 12;

    /// <summary>The burst to send: <see cref="Burst"/>, or fewer when one core would need longer than six seconds.</summary>
    public int BurstFor(double serviceMsOneCore) =>
        Burst * serviceMsOneCore <= MaxBurstMs ? Burst : Math.Min(Burst, Math.Max(MinBurst, (int)(MaxBurstMs / serviceMsOneCore)));
}
