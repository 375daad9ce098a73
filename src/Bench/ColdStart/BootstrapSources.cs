using System.Security.Cryptography;
using System.Text;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// The source tree a published bootstrap is built from, and its fingerprint: SHA-256 over the path and bytes of every
/// file of the bootstrap's projects (<c>src/Bootstrap</c>, <c>src/Serialization</c>, <c>src/Kernels</c>; <c>bin/</c> and
/// <c>obj/</c> excluded) and of the repository's build settings. A publish records it beside the binary; a build whose
/// record differs from the tree's was made from other code and is stale.
/// </summary>
public static class BootstrapSources
{
    private static readonly string[] Projects = ["src/Bootstrap", "src/Serialization", "src/Kernels"];

    private static readonly string[] Settings = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

    /// <summary>The repository above the working directory (the folder holding <c>src/Bootstrap</c>), or null outside one.</summary>
    public static string? FindRepository(string? start = null)
    {
        for (var directory = new DirectoryInfo(start ?? Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "src", "Bootstrap", "Toolkit.Bootstrap.csproj")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The fingerprint of the bootstrap's sources under <paramref name="repository"/> (lower-case hex).</summary>
    public static string Fingerprint(string repository)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var relative in Files(repository))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\0"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(repository, relative)));
            hash.AppendData("\0"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The files the fingerprint covers, relative to the repository with '/' separators, in ordinal order.</summary>
    public static IReadOnlyList<string> Files(string repository)
    {
        var files = new List<string>();
        foreach (var project in Projects)
        {
            var root = Path.Combine(repository, project);
            if (Directory.Exists(root))
            {
                files.AddRange(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(repository, f).Replace('\\', '/'))
                    .Where(f => !f.Split('/').Any(part => part is "bin" or "obj")));
            }
        }

        files.AddRange(Settings.Where(s => File.Exists(Path.Combine(repository, s))));
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
