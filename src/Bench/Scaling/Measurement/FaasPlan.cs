namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// What <c>scaling faas</c> runs: the models, the Lambda memory sizes, and at each size the warm-up (the instance's,
/// cut short after <see cref="WarmupSeconds"/>) and the timed warm requests: at least <see cref="Requests"/>, more
/// while <see cref="Seconds"/> have not passed (up to ten times as many).
/// </summary>
public sealed record FaasPlan(IReadOnlyList<string> Models, IReadOnlyList<int> MemorySizesMb, int Requests, double Seconds, double WarmupSeconds)
{
    /// <summary>The default run's step, and the command, that runs these sweeps; its skips carry this name.</summary>
    public const string Step = "scaling faas";

    /// <summary>
    /// The command line's warm-up limit. Under the JIT an instance warms up with 100 requests (see
    /// <see cref="ScalingInstance"/>): MobileNetV1 at 512 MB needs about 10 s for them and still ran 108 ms per request
    /// (against 10 ms once optimized) after 5 s; 30 s covers it and keeps BERT's sizes (0.4-2 s a request) to half a minute each.
    /// </summary>
    public const double DefaultWarmupSeconds = 30;

    /// <summary>
    /// The default run's sweeps, the paper's two models of Figure 4, at five sizes that still show where the curve falls
    /// and where it flattens: below one vCPU (512 MB, 0.29 vCPU), one vCPU (1769 MB), the paper's 2 GB reference of its
    /// relative cost (1.16 vCPU), two vCPUs (3538 MB) and Lambda's largest, 10240 MB (5.8 vCPU, so capped at this
    /// machine's cores and marked so).
    /// <para>
    /// Under the JIT, MobileNetV1 needs its whole warm-up (15 s allows for the 10 s it takes at 512 MB) and then takes
    /// about 10 ms a request, so 20 requests or a second of them per size cost little: about 35 s in all on the 2-core
    /// build machine. BERT-base at 500 tokens is about 94 GFLOPs, about 0.6 s on one core here and 2 s at 512 MB's 0.29
    /// of a core, and each size starts two processes that map its 438 MB of weights and answer a first request (the cold
    /// start). Its kernels are optimized within its first request, so 5 s of warm-up (at least 5 requests) and 3 timed
    /// requests keep its sweep to about 70 s; CPU-bound, they vary by a few percent. With the AOT build the default run
    /// publishes first (5 warm-up requests), both sweeps took 51 s in a default run and 64 s on their own, by cgroups as
    /// root and by signals as a user without root alike.
    /// </para>
    /// </summary>
    public static IReadOnlyList<FaasPlan> Quick { get; } =
    [
        new(["mobilenet_v1"], QuickSizesMb, Requests: 20, Seconds: 1.0, WarmupSeconds: 15),
        new(["bert"], QuickSizesMb, Requests: 3, Seconds: 0, WarmupSeconds: 5),
    ];

    private static int[] QuickSizesMb => [512, 1769, 2048, 3538, 10240];
}
