using Toolkit.Bench.TorchSharp.Native;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// The ELF edit that lets TorchSharp's native library load on Debian 12's libstdc++, checked on the package's own
/// unpatched copy in the NuGet cache (the build output's copy may already be patched by an earlier engine test).
/// </summary>
public sealed class LibTorchSharpCompatibilityTests
{
    private static readonly string PackageCopy = Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibTorchSharpCompatibility.LibraryName);

    [Fact]
    public void Apply_renames_the_import_and_touches_nothing_else()
    {
        var original = File.ReadAllBytes(PackageCopy);
        var image = (byte[])original.Clone();
        Assert.True(ElfImportPatch.Imports(image, LibTorchSharpCompatibility.Symbol));
        Assert.False(ElfImportPatch.IsWeak(image, LibTorchSharpCompatibility.Version));

        ElfImportPatch.Apply(image, LibTorchSharpCompatibility.Symbol, LibTorchSharpCompatibility.Replacement, LibTorchSharpCompatibility.Version);

        Assert.False(ElfImportPatch.Imports(image, LibTorchSharpCompatibility.Symbol));
        Assert.True(ElfImportPatch.Imports(image, LibTorchSharpCompatibility.Replacement));
        Assert.True(ElfImportPatch.IsWeak(image, LibTorchSharpCompatibility.Version));
        Assert.False(ElfImportPatch.IsWeak(image, "GLIBCXX_3.4.30"));
        Assert.Equal(original.Length, image.Length);
        // The new name and its terminator, one version index (two bytes) and one flags field (one byte changes).
        var changed = Enumerable.Range(0, image.Length).Count(i => image[i] != original[i]);
        Assert.InRange(changed, 3, LibTorchSharpCompatibility.Replacement.Length + 1 + 2 + 1);
    }

    [Fact]
    public void PatchFile_patches_once_and_leaves_a_patched_copy_alone()
    {
        var directory = Directory.CreateTempSubdirectory("torchsharp-patch-");
        try
        {
            var library = Path.Combine(directory.FullName, LibTorchSharpCompatibility.LibraryName);
            File.Copy(PackageCopy, library);

            Assert.Null(LibTorchSharpCompatibility.PatchFile(library));
            var patched = File.ReadAllBytes(library);
            Assert.False(ElfImportPatch.Imports(patched, LibTorchSharpCompatibility.Symbol));
            Assert.Null(LibTorchSharpCompatibility.PatchFile(library));
            Assert.Equal(patched, File.ReadAllBytes(library));
            Assert.Single(directory.GetFiles());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_version_or_a_longer_name_changes_nothing()
    {
        var original = File.ReadAllBytes(PackageCopy);
        var image = (byte[])original.Clone();

        var version = Assert.Throws<InvalidDataException>(() => ElfImportPatch.Apply(image, LibTorchSharpCompatibility.Symbol, LibTorchSharpCompatibility.Replacement, "GLIBCXX_9.9"));
        Assert.Contains("GLIBCXX_9.9", version.Message, StringComparison.Ordinal);
        var longer = Assert.Throws<InvalidDataException>(() => ElfImportPatch.Apply(image, LibTorchSharpCompatibility.Symbol, LibTorchSharpCompatibility.Symbol + "x", LibTorchSharpCompatibility.Version));
        Assert.Contains("longer", longer.Message, StringComparison.Ordinal);
        var absent = Assert.Throws<InvalidDataException>(() => ElfImportPatch.Apply(image, "_ZNoSuchSymbolv", "_Zv", LibTorchSharpCompatibility.Version));
        Assert.Contains("_ZNoSuchSymbolv", absent.Message, StringComparison.Ordinal);
        Assert.Equal(original, image);
    }

    [Fact]
    public void Garbage_and_truncated_files_are_refused_with_a_reason()
    {
        var random = new Random(7);
        var noise = new byte[4096];
        random.NextBytes(noise);
        Assert.Contains("ELF", Assert.Throws<InvalidDataException>(() => ElfImportPatch.Imports(noise, "x")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ElfImportPatch.Imports([], "x"));

        var truncated = File.ReadAllBytes(PackageCopy).AsSpan(0, 64 * 1024).ToArray();
        var error = Assert.Throws<InvalidDataException>(() => ElfImportPatch.Imports(truncated, LibTorchSharpCompatibility.Symbol));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);

        var directory = Directory.CreateTempSubdirectory("torchsharp-patch-");
        try
        {
            var library = Path.Combine(directory.FullName, LibTorchSharpCompatibility.LibraryName);
            File.WriteAllBytes(library, truncated);
            Assert.Contains("truncated", LibTorchSharpCompatibility.PatchFile(library), StringComparison.Ordinal);
            Assert.Equal(truncated, File.ReadAllBytes(library));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
