using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report;

/// <summary>
/// The paper's Figure 4 claim, checked on the <c>scaling</c> rows of platform faas: more memory (and so more vCPU)
/// speeds both models up, but MobileNetV1 gains little for its cost while BERT-base gains noticeably for a slight rise.
/// Per model the step runs from the size nearest one full vCPU to the largest size this machine gave in full
/// (<see cref="FaasSweep.Step"/>), compared on <see cref="FaasSize.LatencyMs"/>; a gain of that step is noticeable when it is at least the square root of the memory
/// ratio. Lambda bills memory × time, so that is also where the cost per request stops rising only slightly: a gain
/// of √ratio leaves the cost √ratio times higher, a smaller gain more.
/// </summary>
public static class MemorySweepFinding
{
    public const string Key = "memory_sweep";

    /// <summary>"Speeds up": the smallest size measured runs at least this many times slower than the largest full one.</summary>
    public const double SpeedsUpAtLeast = 1.10;

    internal const string SmallModel = "mobilenet_v1";
    internal const string LargeModel = "bert";

    private const string Claim = "More Lambda memory speeds up both models, but the small MobileNetV1 gains little for a steep rise in cost while the large BERT-base gains noticeably for a slight one (paper Figure 4).";

    public static Finding Evaluate(ResultsDocument results)
    {
        var sweeps = FaasSweep.Read(results);
        var small = sweeps.FirstOrDefault(s => s.Model == SmallModel)?.Step();
        var large = sweeps.FirstOrDefault(s => s.Model == LargeModel)?.Step();
        if (small is null || large is null)
        {
            var missing = string.Join(" and ", new[] { (SmallModel, small), (LargeModel, large) }.Where(p => p.Item2 is null).Select(p => p.Item1));
            return new(Key, Claim, Verdict.NotMeasured,
                $"No scaling faas rows of {missing} from one vCPU up to at least {Numbers.Times(FaasSweep.MinStepMemoryRatio)} that memory in full " +
                "(sizes capped at this machine's cores do not count; run scaling faas --models mobilenet_v1 bert).");
        }

        var holds = small.SlowdownOfSmallest >= SpeedsUpAtLeast && large.SlowdownOfSmallest >= SpeedsUpAtLeast && !Noticeable(small) && Noticeable(large);
        return new(Key, Claim, holds ? Verdict.Confirmed : Verdict.NotConfirmed,
            $"{small.Model}: {Describe(small)}; {large.Model}: {Describe(large)}; more memory speeds a model up when its smallest size runs at least {Numbers.Times(SpeedsUpAtLeast)} slower.");
    }

    /// <summary>True when the step's gain is at least the square root of its memory ratio.</summary>
    internal static bool Noticeable(FaasStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Gain >= Math.Sqrt(step.MemoryRatio);
    }

    /// <summary>What the paper saw for a model in Figure 4, in its words; null for a model it did not sweep.</summary>
    internal static string? PaperSaw(string model) => model switch
    {
        SmallModel => "a minor gain from more memory, for a significant rise in cost",
        LargeModel => "a noticeable gain, for a slight rise in cost",
        _ => null,
    };

    /// <summary>The step's sizes, gain, cost ratio and the smallest size's slowdown, in one clause.</summary>
    internal static string Describe(FaasStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return $"{step.From.MemoryMb} MB → {step.To.MemoryMb} MB ({Numbers.Sig(step.From.Vcpus)} → {Numbers.Sig(step.To.Vcpus)} vCPU, " +
               $"{Numbers.Times(step.MemoryRatio)} the memory) ran {Numbers.Times(step.Gain)} faster, {(Noticeable(step) ? "a noticeable" : "a small")} gain " +
               $"against the {Numbers.Times(Math.Sqrt(step.MemoryRatio))} that counts as noticeable, for {Numbers.Times(step.CostRatio)} the cost; " +
               $"{step.Smallest.MemoryMb} MB ran {Numbers.Times(step.SlowdownOfSmallest)} slower than {step.To.MemoryMb} MB";
    }
}
