using System.Diagnostics;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// The platform images <c>coldstart --container</c> starts: built once per run with <c>images/build.sh</c> from the AOT
/// publish the harness already has (<see cref="BootstrapBuild.AotDirectory"/>) and the staged model, under their own
/// name prefix so they never replace the images a user built for deployment. With <c>bootstrap-v4</c> beside the
/// binary the images ship both builds (<c>--isa mixed</c>), as the process-mode AOT build runs: the same code either way.
/// </summary>
public sealed class ContainerImages
{
    /// <summary>Prefix of the images the harness builds: <c>toolkit-coldstart-cloudrun</c>, and so on.</summary>
    public const string DefaultPrefix = "toolkit-coldstart";

    /// <summary>The hosts an image exists for; each is the platform's container contract (images/&lt;host&gt;/Dockerfile).</summary>
    public static IReadOnlyList<string> Hosts { get; } = ["lambda", "sagemaker", "cloudrun"];

    public const string InstallCommand = "sudo apt-get install -y podman buildah runc";

    private ContainerImages(string prefix, double buildSeconds)
    {
        Prefix = prefix;
        BuildSeconds = buildSeconds;
    }

    public string Prefix { get; }

    /// <summary>How long build.sh took, to report what container mode adds to a run.</summary>
    public double BuildSeconds { get; }

    /// <summary>The image for <paramref name="host"/>: <c>localhost/PREFIX-HOST:latest</c>.</summary>
    public string ImageFor(string host) => $"localhost/{Prefix}-{host}:latest";

    /// <summary>True when a <c>podman</c> executable is on <paramref name="searchPath"/> (default: PATH).</summary>
    public static bool PodmanInstalled(string? searchPath = null) =>
        (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, "podman")));

    /// <exception cref="InvalidOperationException">podman is not installed; the message is the install command.</exception>
    public static void RequirePodman(string? searchPath = null)
    {
        if (!PodmanInstalled(searchPath))
        {
            throw new InvalidOperationException($"coldstart --container needs podman, which is not installed; install it with: {InstallCommand}");
        }
    }

    /// <summary>Runs <c>images/build.sh --only HOST …</c> for <paramref name="hosts"/> and waits for it.</summary>
    /// <param name="publishDirectory">The AOT publish (the <c>bootstrap</c> executable, and optionally <c>bootstrap-v4</c>).</param>
    /// <param name="modelDirectory">Holds <c>MODEL.tkm</c>.</param>
    /// <exception cref="InvalidOperationException">podman is missing, build.sh is not found, or the build fails (its output is in the message).</exception>
    public static ContainerImages Build(IReadOnlyList<string> hosts, string publishDirectory, string modelDirectory, string model, string outDirectory, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        RequirePodman();
        var script = FindBuildScript();
        List<string> arguments = [script, "--publish-dir", publishDirectory, "--model-dir", modelDirectory, "--model", model, "--out", outDirectory, "--prefix", prefix];
        foreach (var host in hosts)
        {
            arguments.AddRange(["--only", host]);
        }

        if (File.Exists(Path.Combine(publishDirectory, "bootstrap-v4")))
        {
            arguments.AddRange(["--isa", "mixed"]);
        }

        Console.WriteLine($"coldstart: building {string.Join(", ", hosts)} images ({prefix}-*) with images/build.sh …");
        var started = Stopwatch.GetTimestamp();
        var (exitCode, output) = Podman.Run("bash", arguments, TimeSpan.FromMinutes(10));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"images/build.sh failed with exit code {exitCode}:\n{output}");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"coldstart: images built in {seconds:F1} s");
        return new ContainerImages(prefix, seconds);
    }

    /// <summary>Removes the images this run built (a container still using one keeps it).</summary>
    public void Remove(IEnumerable<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        foreach (var host in hosts)
        {
            Podman.Run("podman", ["rmi", "--force", "--ignore", ImageFor(host)], TimeSpan.FromMinutes(1));
        }
    }

    private static string FindBuildScript()
    {
        var roots = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory };
        foreach (var root in roots)
        {
            for (var directory = new DirectoryInfo(root); directory is not null; directory = directory.Parent)
            {
                var script = Path.Combine(directory.FullName, "images", "build.sh");
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }

        throw new InvalidOperationException($"images/build.sh was not found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; run from the repository.");
    }
}
