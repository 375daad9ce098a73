namespace Toolkit.Bench.ColdStart;

/// <summary>
/// Where the ISA relaunch's own rows ride along with the <c>aot</c> build when <c>--builds</c> does not name them: one
/// configuration, the Lambda host serving MobileNetV1 on our engine from a warm page cache. A run that measures aot there
/// then also measures the three ways an AOT process can start (<see cref="RelaunchComparison"/>) for 2 × <c>--runs</c>
/// more AOT starts, about a second under <c>--quick</c>. One configuration is enough: the relaunch happens before the
/// runtime starts, whatever the host, engine or model. Lambda takes no cold bursts, so the rows add no bursts either.
/// Builds that <c>--builds</c> names run in every configuration, like any build.
/// </summary>
public static class RelaunchScope
{
    public const string Host = "lambda";

    public const string Engine = "kernels";

    public const string Model = "mobilenet_v1";

    public const string PageCache = "warm";

    /// <summary>
    /// The AOT variants to run in this scope only: aot-v3 and aot-v4, less those <paramref name="requested"/> names,
    /// when it names aot and the run covers the scope's configuration; none otherwise.
    /// </summary>
    public static IReadOnlyList<BootstrapBuild> Added(IReadOnlyList<BootstrapBuild> requested, IReadOnlyList<string> hosts, IReadOnlyList<string> engines, IReadOnlyList<string> models, IReadOnlyList<string> pageCaches) =>
        requested.Contains(BootstrapBuild.Aot) && hosts.Contains(Host) && engines.Contains(Engine) && models.Contains(Model) && pageCaches.Contains(PageCache)
            ? [.. new[] { BootstrapBuild.AotV3, BootstrapBuild.AotV4 }.Where(variant => !requested.Contains(variant))]
            : [];

    /// <summary>True for the one configuration of this scope.</summary>
    public static bool Covers(string host, string engine, string model, string pageCache) =>
        host == Host && engine == Engine && model == Model && pageCache == PageCache;
}
