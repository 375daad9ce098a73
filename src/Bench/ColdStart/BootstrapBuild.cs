using System.Collections.Frozen;
using System.Runtime.Intrinsics.X86;
using Toolkit.Bench.HeavyStack;
using Toolkit.Bench.Lambda;
using Toolkit.Bootstrap.Startup;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// A bootstrap build to start: <c>jit</c> is <c>Toolkit.Bootstrap.dll</c> beside this program (run with <c>dotnet</c>);
/// <c>aot</c> is the Native-AOT <c>bootstrap</c> (x86-64-v3) with its <c>bootstrap-v4</c> sibling, published under
/// <c>artifacts/bootstrap/aot</c>, which relaunches into the sibling on an AVX-512 CPU; <c>aot-v3</c> and <c>aot-v4</c>
/// are the same publish started so that it cannot relaunch (<see cref="AotV3"/>, <see cref="AotV4"/>), the ISA
/// relaunch's rows of its own; <c>r2r</c> is the framework-dependent <c>bootstrap.dll</c> with ReadyToRun code
/// (PublishReadyToRun: our assemblies precompiled, the JIT still there for what the precompiled code cannot cover),
/// published under <c>artifacts/bootstrap/r2r</c> and run with <c>dotnet</c> like the JIT build. <c>python</c> is not a
/// bootstrap but the heavy-stack baseline beside them: our Python + PyTorch server (<see cref="PythonTorch"/>), which
/// serves every model on its one engine, <see cref="Engine"/>. A published build (the three AOT ones, r2r) carries the
/// fingerprint of the sources it was built from (<see cref="BootstrapSources"/>, written by <see cref="BootstrapPublisher"/>);
/// one that differs from the working tree's is stale and is never started as if it were current.
/// </summary>
/// <param name="Engine">The one engine the build serves with, or null for a bootstrap, which takes any of <c>--engines</c>.</param>
public sealed record BootstrapBuild(string Name, string Program, string? Engine = null)
{
    public static string AotDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "bootstrap", "aot");

    public static BootstrapBuild Jit { get; } = new("jit", Path.Combine(AppContext.BaseDirectory, "Toolkit.Bootstrap.dll"));

    public static BootstrapBuild Aot { get; } = new("aot", Path.Combine(AotDirectory, "bootstrap"));

    /// <summary>
    /// The x86-64-v3 binary kept on its own build (<c>TOOLKIT_RELAUNCH=0</c>): what <c>aot</c> is on a CPU without
    /// AVX-512, measured on any CPU.
    /// </summary>
    public static BootstrapBuild AotV3 { get; } = Aot with { Name = "aot-v3", Variables = new Dictionary<string, string> { [InstructionSetRelaunch.SwitchVariable] = "0" }.ToFrozenDictionary() };

    /// <summary>The x86-64-v4 sibling started directly, with no relaunch before it; it needs an AVX-512 CPU.</summary>
    public static BootstrapBuild AotV4 { get; } = new("aot-v4", Path.Combine(AotDirectory, "bootstrap-v4")) { NeedsAvx512 = true };

    public static string ReadyToRunDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "bootstrap", "r2r");

    public static BootstrapBuild ReadyToRun { get; } = new("r2r", Path.Combine(ReadyToRunDirectory, "bootstrap.dll"));

    public static BootstrapBuild Python { get; } = new("python", PythonTorch.ServeScript, PythonTorch.EngineName);

    /// <summary>Variables the build is started with on top of the harness's own: <c>TOOLKIT_RELAUNCH=0</c> for aot-v3, none for the others.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>True for a build of x86-64-v4 code (aot-v4), which only an AVX-512 CPU runs.</summary>
    public bool NeedsAvx512 { get; init; }

    /// <summary>
    /// Whether this CPU (and its operating system) runs x86-64-v4 code: AVX-512 F, BW, CD, DQ and VL, the five the
    /// v3 binary's relaunch checks for (<c>src/Bootstrap/Startup/Native/relaunch.c</c>).
    /// </summary>
    public static bool CpuHasAvx512 => Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported;

    /// <summary>The build named <c>aot</c>, <c>jit</c> or <c>r2r</c>.</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static BootstrapBuild Named(string name) => name switch
    {
        "aot" => Aot,
        "jit" => Jit,
        "r2r" => ReadyToRun,
        _ => throw new ArgumentException($"--builds takes aot, jit or r2r; received '{name}'.", nameof(name)),
    };

    /// <summary>A build <c>coldstart --builds</c> names: a bootstrap build or <c>python</c>.</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static BootstrapBuild ForColdStart(string name) => name switch
    {
        "python" => Python,
        "aot-v3" => AotV3,
        "aot-v4" => AotV4,
        "aot" or "jit" or "r2r" => Named(name),
        _ => throw new ArgumentException($"--builds takes aot, aot-v3, aot-v4, jit, r2r or python; received '{name}'.", nameof(name)),
    };

    public bool Exists => File.Exists(Program);

    /// <summary>True for the builds <see cref="BootstrapPublisher"/> makes (the three AOT ones, r2r); the JIT build is built with Bench.</summary>
    public bool IsPublished => Publication is not null;

    /// <summary>
    /// The build whose publish makes this one's binary: <see cref="Aot"/> for aot, aot-v3 and aot-v4 (one publish makes
    /// both binaries and the one stamp beside them), <see cref="ReadyToRun"/> for r2r; null for jit and python.
    /// </summary>
    public BootstrapBuild? Publication => Name switch
    {
        "aot" or "aot-v3" or "aot-v4" => Aot,
        "r2r" => ReadyToRun,
        _ => null,
    };

    /// <summary>The variables of a start of this build: <paramref name="environment"/> with <see cref="Variables"/> added (these win).</summary>
    public Dictionary<string, string> StartVariables(IReadOnlyDictionary<string, string> environment) => new BootstrapLaunch(Variables, []).Merge(environment);

    /// <summary>The file beside a published build that holds the fingerprint of its sources (aot-v4's is aot's: they share a directory).</summary>
    public string StampPath => Path.Combine(Path.GetDirectoryName(Program)!, "build.fingerprint");

    /// <summary>
    /// Why this build cannot start here, with the command that adds it, or null when it can: aot-v4 on a CPU without
    /// AVX-512, an AOT or ReadyToRun build not published or published from other sources, or (python) an interpreter
    /// that cannot import torch.
    /// </summary>
    public string? MissingReason() => MissingReason(CpuHasAvx512);

    /// <param name="cpuHasAvx512">Whether the CPU runs x86-64-v4 code (<see cref="CpuHasAvx512"/>; a parameter, so a test can stand in for another CPU).</param>
    public string? MissingReason(bool cpuHasAvx512)
    {
        if (NeedsAvx512 && !cpuHasAvx512)
        {
            return $"this CPU has no AVX-512 (x86-64-v4: avx512f, bw, cd, dq and vl), so the x86-64-v4 binary {Program} cannot run here; " +
                   "the aot build stays on x86-64-v3 on such a CPU, so it has no relaunch to compare with a direct v4 start";
        }

        if (!Exists)
        {
            return $"no {Name} build at {Program}. To add it, run: {(this == Python ? "dotnet build -c Release src/Bench" : PublishHint)}";
        }

        return this == Python ? PythonTorch.MissingReason() : StaleReason();
    }

    /// <summary>
    /// Null when this published build's fingerprint matches the working tree's (or it is not a published build), else
    /// why it is stale and how to rebuild it. Outside a repository nothing can be compared, and the build is taken as is.
    /// </summary>
    public string? StaleReason(string? repository = null)
    {
        if (!IsPublished || (repository ?? BootstrapSources.FindRepository()) is not { } tree)
        {
            return null;
        }

        var recorded = File.Exists(StampPath) ? File.ReadAllText(StampPath).Trim() : null;
        var current = BootstrapSources.Fingerprint(tree);
        return recorded == current
            ? null
            : $"the {Name} build at {Program} was published from other sources than this tree's " +
              $"({(recorded is null ? "it has no fingerprint" : $"fingerprint {recorded[..12]}…, the tree's {current[..12]}…")}), so it would measure old code. To rebuild it, run: {PublishHint}";
    }

    /// <summary>
    /// The build a command that starts one bootstrap uses: <paramref name="name"/> (aot or jit), or by default the AOT
    /// build when it is published and current, else JIT. Null, with the reason printed, when the named one cannot start.
    /// </summary>
    public static BootstrapBuild? Choose(string? name, string command)
    {
        if (name is null)
        {
            var reason = Aot.MissingReason();
            if (reason is not null && Aot.Exists)
            {
                Console.WriteLine($"{command}: using the jit build: {reason}");
            }

            return reason is null ? Aot : Jit;
        }

        var build = name switch
        {
            "aot" => Aot,
            "jit" => Jit,
            _ => throw new ArgumentException($"--build takes aot or jit; received '{name}'.", nameof(name)),
        };
        if (build.MissingReason() is { } problem)
        {
            Console.WriteLine($"{command}: {problem}");
            return null;
        }

        return build;
    }

    /// <summary>The engines this build runs of those asked for: its own one, if it has one.</summary>
    public IReadOnlyList<string> EnginesOf(IReadOnlyList<string> requested) => Engine is { } own ? [own] : requested;

    /// <summary>The command that publishes the AOT and ReadyToRun builds this harness looks for.</summary>
    public static string PublishHint => "dotnet run -c Release --project src/Bench -- coldstart --builds aot jit r2r --publish";
}
