using System.Globalization;

namespace Toolkit.Bench.Reporting;

/// <summary>
/// One default run's folder, <c>results/&lt;UTC timestamp&gt;/</c>, so runs never overwrite each other; and
/// <c>results/latest</c>, which points to the newest one.
/// </summary>
public sealed class RunFolder
{
    public const string ResultsFileName = "results.json";
    public const string LatestName = "latest";

    private RunFolder(string root, string name)
    {
        Root = root;
        Name = name;
        Directory = Path.Combine(root, name);
    }

    /// <summary>The folder holding every run (<c>results</c>).</summary>
    public string Root { get; }

    /// <summary>The timestamp that names this run's folder, such as <c>2026-11-28T05-30-12Z</c>.</summary>
    public string Name { get; }

    public string Directory { get; }

    public string ResultsPath => Path.Combine(Directory, ResultsFileName);

    /// <summary>Creates <c>root/&lt;timestamp&gt;</c>; the name avoids ':' so it is a valid path everywhere.</summary>
    public static RunFolder Create(string root, DateTime startedUtc)
    {
        var name = startedUtc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture);
        var folder = new RunFolder(root, name);
        // Two runs in one second would share a folder; a suffix keeps them apart.
        for (var i = 2; System.IO.Directory.Exists(folder.Directory); i++)
        {
            folder = new RunFolder(root, $"{name}-{i.ToString(CultureInfo.InvariantCulture)}");
        }

        System.IO.Directory.CreateDirectory(folder.Directory);
        return folder;
    }

    /// <summary>
    /// Points <c>root/latest</c> at this run: a relative symbolic link, so the tree can move; where links cannot be made
    /// (some file systems, Windows without the privilege), a text file holding the folder's name. Returns what it made.
    /// </summary>
    public string UpdateLatest()
    {
        var latest = Path.Combine(Root, LatestName);
        var existing = new FileInfo(latest);
        if (existing.LinkTarget is not null || existing.Exists)
        {
            existing.Delete();
        }
        else if (System.IO.Directory.Exists(latest))
        {
            // A real directory named latest is someone's data: leave it, and name the newest run beside it.
            File.WriteAllText(latest + ".txt", Name + Environment.NewLine);
            return $"{latest}.txt (a directory named {LatestName} already exists)";
        }

        try
        {
            File.CreateSymbolicLink(latest, Name);
            return $"{latest} -> {Name}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.WriteAllText(latest, Name + Environment.NewLine);
            return $"{latest} (a text file naming {Name}: no symbolic link, {e.Message})";
        }
    }
}
