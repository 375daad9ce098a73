namespace Toolkit.Bench.Protocols.Remote;

/// <summary>
/// A deployed endpoint <c>protocols --target URL</c> measures, as the platform serves it:
/// <list type="bullet">
/// <item><c>cloudrun</c>: the service URL; REST routes under it and gRPC (h2c or TLS HTTP/2) on it; all five formats.</item>
/// <item><c>lambda-url</c>: the Function URL; the REST routes under it (the bootstrap's proxy-event routes). Lambda
/// reports no per-request Server-Timing, so the server's share stays inside the transfer.</item>
/// <item><c>sagemaker</c>: the runtime's <c>InvokeEndpoint</c> URL
/// (<c>https://runtime.sagemaker.REGION.amazonaws.com/endpoints/NAME/invocations</c>), every REST format posted to it,
/// signed with SigV4 (service <c>sagemaker</c>). The runtime passes no Server-Timing back either.</item>
/// </list>
/// </summary>
public sealed class RemoteTarget
{
    public const string CloudRun = "cloudrun";
    public const string LambdaUrl = "lambda-url";
    public const string SageMaker = "sagemaker";

    /// <summary>The service name SageMaker runtime requests are signed for.</summary>
    public const string SageMakerService = "sagemaker";

    public static IReadOnlyList<string> Platforms { get; } = [CloudRun, LambdaUrl, SageMaker];

    private RemoteTarget(Uri address, string platform, SigV4Signer? signer)
    {
        Address = address;
        Platform = platform;
        Signer = signer;
    }

    public Uri Address { get; }

    public string Platform { get; }

    /// <summary>Signs each request (SageMaker), or null.</summary>
    public SigV4Signer? Signer { get; }

    /// <summary>Cloud Run answers gRPC and sends Server-Timing; the others carry REST only and no server timing.</summary>
    public bool ServesGrpc => Platform == CloudRun;

    public bool ReportsServerTiming => Platform == CloudRun;

    /// <param name="credentials">For SageMaker: null reads the standard environment variables.</param>
    /// <param name="region">For SageMaker: null takes it from the runtime host name, else <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c>.</param>
    /// <exception cref="ArgumentException">The URL is not absolute http(s), or the platform is unknown; the message names it.</exception>
    /// <exception cref="InvalidOperationException">SageMaker credentials or region cannot be found.</exception>
    public static RemoteTarget Create(string url, string platform, AwsCredentials? credentials = null, string? region = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--target must be an absolute http or https URL; received '{url}'.", nameof(url));
        }

        if (!Platforms.Contains(platform))
        {
            throw new ArgumentException($"--platform must be one of {string.Join(", ", Platforms)}; received '{platform}'.", nameof(platform));
        }

        var signer = platform == SageMaker
            ? new SigV4Signer(credentials ?? AwsCredentials.FromEnvironment(), region ?? RegionOf(address), SageMakerService)
            : null;
        return new RemoteTarget(address, platform, signer);
    }

    /// <summary>Which of <paramref name="formats"/> the platform can carry.</summary>
    public IEnumerable<ProtocolFormat> Supported(IEnumerable<ProtocolFormat> formats) =>
        formats.Where(f => ServesGrpc || f.Transport == ProtocolFormat.Rest);

    /// <summary>Where a REST request of <paramref name="format"/> goes: SageMaker takes every format at its one URL.</summary>
    public Uri RestUri(ProtocolFormat format, string modelName)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (Platform == SageMaker)
        {
            return Address;
        }

        var basePath = Address.AbsolutePath.TrimEnd('/');
        return new UriBuilder(Address) { Path = basePath + format.Route(modelName) }.Uri;
    }

    /// <summary><c>runtime.sagemaker.eu-west-1.amazonaws.com</c> names its region; otherwise the standard variables.</summary>
    /// <exception cref="InvalidOperationException">Neither the host nor the environment names a region.</exception>
    public static string RegionOf(Uri address, Func<string, string?>? read = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        read ??= Environment.GetEnvironmentVariable;
        var labels = address.Host.Split('.');
        var at = Array.IndexOf(labels, "sagemaker");
        if (at >= 0 && at + 1 < labels.Length && labels[^2] == "amazonaws")
        {
            return labels[at + 1];
        }

        return read("AWS_REGION") is { Length: > 0 } region ? region
            : read("AWS_DEFAULT_REGION") is { Length: > 0 } fallback ? fallback
            : throw new InvalidOperationException($"The SageMaker region must come from the target's host (runtime.sagemaker.REGION.amazonaws.com) or AWS_REGION; the host is '{address.Host}' and AWS_REGION is unset.");
    }
}
