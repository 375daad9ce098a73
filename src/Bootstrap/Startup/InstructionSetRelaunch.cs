namespace Toolkit.Bootstrap.Startup;

/// <summary>
/// One deployable for a mixed fleet. The Native-AOT instruction set is fixed at build time, so the images ship two
/// builds: <c>bootstrap</c> (x86-64-v3: AVX2 + FMA, runs on every host the platforms hand out) and
/// <c>bootstrap-v4</c> (x86-64-v4: AVX-512). The v3 build replaces itself with the v4 sibling (execv: same process
/// id, arguments and environment) when the CPU and kernel offer AVX-512. MobileNetV1 runs about 1.6× faster at the
/// AVX-512 tier here.
/// <para>
/// The switch happens in <c>Startup/Native/relaunch.c</c>, an ELF constructor linked into the v3 build, which runs
/// before the .NET runtime starts and reads CPUID and XGETBV directly. Done first thing in <c>Main</c> instead, it cost
/// the whole v3 runtime start, about 7 ms of CPU per cold start here (<c>perf stat</c> of <c>bootstrap --info</c>,
/// with and without the relaunch); in the constructor it costs one exec of a mapped binary.
/// </para>
/// </summary>
public static class InstructionSetRelaunch
{
    /// <summary>The file name suffix of the AVX-512 sibling build.</summary>
    public const string SiblingSuffix = "-v4";

    /// <summary>Set before the exec, so the sibling never relaunches again; <c>--info</c> reports it.</summary>
    public const string RelaunchedVariable = "TOOLKIT_RELAUNCHED";

    /// <summary><c>TOOLKIT_RELAUNCH=0</c> keeps the process on the build it started with.</summary>
    public const string SwitchVariable = "TOOLKIT_RELAUNCH";

    /// <summary>True when this process was started as the v3 build and replaced itself with the v4 sibling.</summary>
    public static bool Relaunched => Environment.GetEnvironmentVariable(RelaunchedVariable) is not null;
}
