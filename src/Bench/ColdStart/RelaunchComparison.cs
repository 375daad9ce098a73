using System.Globalization;
using Toolkit.Bootstrap.Startup;

namespace Toolkit.Bench.ColdStart;

/// <summary>One start of a <see cref="RelaunchComparison"/>: a build's row, reduced to what the comparison shows.</summary>
public sealed record RelaunchStart(string Build, string Isa, int Runs, PhaseStats RuntimeInitMs, PhaseStats EndToEndMs);

/// <summary>
/// The three ways an AOT process can start, side by side for one host, engine, model and page cache (issue 18): v3 only
/// (<c>aot-v3</c>), v4 direct (<c>aot-v4</c>) and v3 → v4 (<c>aot</c>, which execs its v4 sibling on an AVX-512 CPU
/// before the runtime starts). v4 direct and v3 → v4 run the same code after the exec, so their difference is what the
/// relaunch costs; <see cref="Verdict"/> says whether a direct v4 start is faster. The command's table and report.md
/// both render it from here.
/// </summary>
public sealed record RelaunchComparison(string Host, string Engine, string Model, string PageCache, RelaunchStart? V3Only, RelaunchStart? V4Direct, RelaunchStart Relaunched)
{
    /// <summary>The starts in the order the tables show them, each with its label; a start without a row is null.</summary>
    public IReadOnlyList<(string Label, RelaunchStart? Start)> Starts => [("v3 only", V3Only), ("v4 direct", V4Direct), ("v3 → v4", Relaunched)];

    /// <summary>True for the builds that exist only for this comparison (aot-v3, aot-v4), whose rows other ratios leave out.</summary>
    public static bool IsVariant(string build) => build == BootstrapBuild.AotV3.Name || build == BootstrapBuild.AotV4.Name;

    /// <summary>
    /// One comparison per configuration that has an <c>aot</c> start and at least one of aot-v3 and aot-v4, in the order
    /// the configurations first appear; other builds' starts are ignored.
    /// </summary>
    public static IReadOnlyList<RelaunchComparison> Of(IEnumerable<(string Host, string Engine, string Model, string PageCache, RelaunchStart Start)> starts) =>
    [
        .. from start in starts
           group start.Start by (start.Host, start.Engine, start.Model, start.PageCache) into configuration
           let relaunched = configuration.FirstOrDefault(s => s.Build == BootstrapBuild.Aot.Name)
           let v3 = configuration.FirstOrDefault(s => s.Build == BootstrapBuild.AotV3.Name)
           let v4 = configuration.FirstOrDefault(s => s.Build == BootstrapBuild.AotV4.Name)
           where relaunched is not null && (v3 is not null || v4 is not null)
           select new RelaunchComparison(configuration.Key.Host, configuration.Key.Engine, configuration.Key.Model, configuration.Key.PageCache, v3, v4, relaunched),
    ];

    /// <summary>
    /// Whether a direct v4 start is faster than v3 → v4 end to end, by how much, and on what basis: the medians' 95%
    /// intervals where both have one (an overlap shows no difference), else the medians alone, said so. Not measured
    /// without a v4-direct row, or when the aot start ran at another tier than v4 direct (it did not relaunch).
    /// </summary>
    public string Verdict()
    {
        if (V4Direct is null)
        {
            return "not measured: no v4-direct (aot-v4) start; it is skipped on a CPU without AVX-512, where aot stays on v3 and nothing relaunches";
        }

        if (Relaunched.Isa != V4Direct.Isa)
        {
            return $"not measured: the aot start ran at {Relaunched.Isa}, v4 direct at {V4Direct.Isa}, so aot did not relaunch (is {InstructionSetRelaunch.SwitchVariable}=0 set, or bootstrap-v4 missing?)";
        }

        var direct = V4Direct.EndToEndMs;
        var relaunched = Relaunched.EndToEndMs;
        var runtimeInitMs = $"runtime_init {Ms(V4Direct.RuntimeInitMs.Median)} against {Ms(Relaunched.RuntimeInitMs.Median)} ms";
        if (direct.MedianCi95 is [var directLow, var directHigh] && relaunched.MedianCi95 is [var relaunchedLow, var relaunchedHigh])
        {
            if (directLow <= relaunchedHigh && relaunchedLow <= directHigh)
            {
                return $"no difference shown: the 95% intervals of the end-to-end medians overlap (v4 direct {Ms(direct.Median)} [{Ms(directLow)}–{Ms(directHigh)}] ms, " +
                       $"v3 → v4 {Ms(relaunched.Median)} [{Ms(relaunchedLow)}–{Ms(relaunchedHigh)}] ms; {runtimeInitMs})";
            }

            return Compared(direct.Median, relaunched.Median, runtimeInitMs, "the medians' 95% intervals do not overlap");
        }

        return Compared(direct.Median, relaunched.Median, runtimeInitMs, $"medians of {Math.Min(V4Direct.Runs, Relaunched.Runs)} runs without intervals, which need six runs or more");
    }

    private static string Compared(double directMs, double relaunchedMs, string runtimeInitMs, string basis) =>
        directMs < relaunchedMs
            ? $"a direct v4 start is faster than v3 → v4 by {Ms(relaunchedMs - directMs)} ms end to end ({Ms(directMs)} against {Ms(relaunchedMs)} ms; {runtimeInitMs}; {basis})"
            : $"a direct v4 start is not faster than v3 → v4 ({Ms(directMs)} against {Ms(relaunchedMs)} ms end to end; {runtimeInitMs}; {basis})";

    private static string Ms(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
