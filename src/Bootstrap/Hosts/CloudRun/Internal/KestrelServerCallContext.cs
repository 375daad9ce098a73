using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Toolkit.Bootstrap.Hosts.CloudRun.Internal;

/// <summary>The <see cref="ServerCallContext"/> a generated service method sees when Kestrel serves the call directly.</summary>
internal sealed class KestrelServerCallContext(HttpContext http, string method) : ServerCallContext
{
    private readonly Metadata trailers = [];
    private Metadata? headers;

    protected override string MethodCore => method;

    protected override string HostCore => http.Request.Host.Value ?? "";

    protected override string PeerCore => $"ipv4:{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => headers ??= RequestMetadata();

    protected override CancellationToken CancellationTokenCore => http.RequestAborted;

    protected override Metadata ResponseTrailersCore => trailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("Context propagation needs a gRPC client; the bootstrap makes no outgoing calls.");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        foreach (var entry in responseHeaders)
        {
            http.Response.Headers.Append(entry.Key, entry.Value);
        }

        return Task.CompletedTask;
    }

    private Metadata RequestMetadata()
    {
        var metadata = new Metadata();
        foreach (var (key, values) in http.Request.Headers)
        {
            if (!key.StartsWith(':') && !key.EndsWith("-bin", StringComparison.Ordinal))
            {
                metadata.Add(key.ToLowerInvariant(), values.ToString());
            }
        }

        return metadata;
    }
}
