using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Bootstrap.Startup;

/// <summary>
/// One deployable for a mixed fleet. The Native-AOT instruction set is fixed at build time, so the images ship two
/// builds: <c>bootstrap</c> (x86-64-v3: AVX2 + FMA, runs on every host the platforms hand out) and
/// <c>bootstrap-v4</c> (x86-64-v4: AVX-512). The v3 build, first thing in <c>Main</c>, replaces itself with the v4
/// sibling (execv: same process id, arguments and environment) when the CPU and kernel offer AVX-512. MobileNetV1
/// runs about 1.6× faster at the AVX-512 tier here; the exec costs the v3 runtime's start, 5-12 ms of runtime_init here.
/// </summary>
public static partial class InstructionSetRelaunch
{
    /// <summary>The file name suffix of the AVX-512 sibling build.</summary>
    public const string SiblingSuffix = "-v4";

    /// <summary>Set before the exec, so the sibling never relaunches again.</summary>
    public const string RelaunchedVariable = "TOOLKIT_RELAUNCHED";

    /// <summary><c>TOOLKIT_RELAUNCH=0</c> keeps the process on the build it started with.</summary>
    public const string SwitchVariable = "TOOLKIT_RELAUNCH";

    /// <summary>What x86-64-v4 requires beyond v3, as the kernel lists them in /proc/cpuinfo. The kernel drops a flag
    /// whose register state it does not save, so these also say the OS supports AVX-512.</summary>
    private static readonly string[] V4Flags = ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];

    /// <summary>Execs the AVX-512 build when it serves this CPU better; returns only when it does not (or cannot).</summary>
    public static void RelaunchIfBetter(string[] args)
    {
#if BUILD_AOT
        if (Environment.ProcessPath is not { } self || !File.Exists("/proc/cpuinfo"))
        {
            return;
        }

        var sibling = self + SiblingSuffix;
        if (!ShouldRelaunch(Avx512F.IsSupported, Environment.GetEnvironmentVariable(RelaunchedVariable), Environment.GetEnvironmentVariable(SwitchVariable), File.Exists(sibling), () => File.ReadAllText("/proc/cpuinfo")))
        {
            return;
        }

        _ = SetEnvironmentVariable(RelaunchedVariable, "1", 1);
        _ = Exec(sibling, [sibling, .. args, null]);
        Console.Error.WriteLine($"bootstrap: could not exec {sibling} (errno {Marshal.GetLastPInvokeError()}); staying on the x86-64-v3 build.");
#else
        _ = args;
#endif
    }

    /// <summary>The decision, apart from its inputs: this build lacks AVX-512, the CPU has it, a sibling exists, and no
    /// earlier relaunch or switch says otherwise.</summary>
    public static bool ShouldRelaunch(bool runningAvx512, string? relaunched, string? relaunchSwitch, bool siblingExists, Func<string> cpuInfo)
    {
        ArgumentNullException.ThrowIfNull(cpuInfo);
        return !runningAvx512 && relaunched is null && relaunchSwitch != "0" && siblingExists && HasV4Flags(cpuInfo());
    }

    /// <summary>True when the first <c>flags</c> line of /proc/cpuinfo lists every x86-64-v4 extension.</summary>
    public static bool HasV4Flags(string cpuInfo)
    {
        ArgumentNullException.ThrowIfNull(cpuInfo);
        var line = cpuInfo.Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        var colon = line?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (line is null || colon < 0)
        {
            return false;
        }

        var flags = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return V4Flags.All(flags.Contains);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironmentVariable(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Exec(string path, string?[] argv);
}
