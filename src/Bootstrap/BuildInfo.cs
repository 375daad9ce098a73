using Toolkit.Bootstrap.Configuration;
using Toolkit.Kernels;

namespace Toolkit.Bootstrap;

/// <summary>What <c>bootstrap --info</c> prints and what the cold-start line carries: host, engine, model, tier, build.</summary>
public static class BuildInfo
{
    /// <summary><c>aot</c> for a Native-AOT binary, <c>r2r</c> for ReadyToRun, <c>jit</c> otherwise.</summary>
#if BUILD_AOT
    public const string Flavour = "aot";
#elif BUILD_READY_TO_RUN
    public const string Flavour = "r2r";
#else
    public const string Flavour = "jit";
#endif

    public static IReadOnlyDictionary<string, string> Describe(BootstrapOptions options) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["host"] = options.Host.ToString().ToLowerInvariant(),
        ["engine"] = options.Engine switch { EngineKind.Kernels => "kernels", EngineKind.TransportOnly => Engines.TransportOnlyEngine.EngineName, _ => "onnxruntime" },
        ["model"] = options.Model,
        ["isa"] = options.Engine switch { EngineKind.Kernels => IsaSupport.Name(IsaSupport.Resolve(options.Isa)), EngineKind.TransportOnly => "none", _ => "native" },
        ["isa_available"] = string.Join(' ', IsaSupport.Available.Select(IsaSupport.Name)),
        ["threads"] = options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["build"] = Flavour,
        ["relaunched"] = Environment.GetEnvironmentVariable(Startup.InstructionSetRelaunch.RelaunchedVariable) is null ? "no" : "yes",
    };
}
