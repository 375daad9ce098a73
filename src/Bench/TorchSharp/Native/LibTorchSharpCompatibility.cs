using System.Runtime.InteropServices;

namespace Toolkit.Bench.TorchSharp.Native;

/// <summary>
/// Makes TorchSharp's <c>libLibTorchSharp.so</c> load on a libstdc++ older than GCC 13's (Debian 12 ships GCC 12's).
/// TorchSharp 0.107.0 imports one symbol of <c>GLIBCXX_3.4.32</c>, <c>std::ios_base_library_init()</c>, which GCC 13's
/// <c>&lt;iostream&gt;</c> calls to set up the standard streams; an older libstdc++ lacks it, the loader refuses the whole
/// library, and TorchSharp blames libtorch. On such a host the copy beside this program (never the NuGet cache) is
/// patched before TorchSharp first loads it: the import is pointed at <c>std::get_new_handler()</c>, which takes no
/// arguments and changes nothing (older libstdc++ sets the streams up in every unit that includes <c>&lt;iostream&gt;</c>,
/// so the call has nothing left to do), and the version requirement is marked weak (<see cref="ElfImportPatch"/>).
/// Needs no root, no compiler and no patchelf: only write access to this program's own output folder.
/// </summary>
public static class LibTorchSharpCompatibility
{
    public const string LibraryName = "libLibTorchSharp.so";

    internal const string Symbol = "_ZSt21ios_base_library_initv";

    /// <summary>std::get_new_handler(): in every libstdc++ since GCC 4.9 (GLIBCXX_3.4.20), argument-free and side-effect free.</summary>
    internal const string Replacement = "_ZSt15get_new_handlerv";

    internal const string Version = "GLIBCXX_3.4.32";

    private static readonly Lazy<string?> Outcome = new(() => Prepare(AppContext.BaseDirectory));

    /// <summary>Null when TorchSharp's native library can load here (patched if it had to be), else why not.</summary>
    public static string? Problem => Outcome.Value;

    /// <summary>Patches the copies under <paramref name="appDirectory"/> once per process; call before TorchSharp's first use.</summary>
    /// <exception cref="InvalidOperationException">The library needs the patch and it could not be applied; the message says why.</exception>
    public static void EnsureLoadable()
    {
        if (Problem is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>True when the process's libstdc++ already defines the symbol, so nothing needs patching.</summary>
    public static bool HostHasSymbol() =>
        NativeLibrary.TryLoad("libstdc++.so.6", out var handle) && NativeLibrary.TryGetExport(handle, Symbol, out _);

    /// <returns>Null when every copy under <paramref name="appDirectory"/> loads here, else the reason one does not.</returns>
    internal static string? Prepare(string appDirectory)
    {
        if (!OperatingSystem.IsLinux() || HostHasSymbol())
        {
            return null;
        }

        // A RID-less build keeps native files under runtimes/linux-x64/native, a RID-specific one beside the app.
        foreach (var library in new[] { Path.Combine(appDirectory, "runtimes", "linux-x64", "native", LibraryName), Path.Combine(appDirectory, LibraryName) })
        {
            if (File.Exists(library) && PatchFile(library) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <returns>Null when <paramref name="library"/> no longer imports the symbol (patched now or before), else why it still does.</returns>
    internal static string? PatchFile(string library)
    {
        try
        {
            var image = File.ReadAllBytes(library);
            if (!ElfImportPatch.Imports(image, Symbol))
            {
                return ElfImportPatch.IsWeak(image, Version)
                    ? null
                    : $"{library} no longer imports {Symbol} but still requires {Version} strictly; it is not TorchSharp's file or a patch of it. Delete the build output (bin/ and obj/) and build again.";
            }

            ElfImportPatch.Apply(image, Symbol, Replacement, Version);
            // A private copy renamed over the original: the output file may be a hard link into the NuGet cache, and an
            // interrupted run never leaves a half-written library.
            var patched = library + $".patching-{Environment.ProcessId}";
            File.WriteAllBytes(patched, image);
            File.Move(patched, library, overwrite: true);
            Console.Error.WriteLine($"torchsharp: patched {library} for a libstdc++ without {Version}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return $"TorchSharp's {LibraryName} needs {Version}, which this host's libstdc++ lacks, and patching {library} failed: {e.Message}";
        }
    }
}
