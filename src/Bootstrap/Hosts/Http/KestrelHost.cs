using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Toolkit.Bootstrap.Hosts.Http.Internal;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// The lean Kestrel set-up both HTTP hosts share. Start-up is part of the cold start (runtime_init), so Kestrel is
/// built by hand around one <see cref="RequestDelegate"/>: no generic host, no dependency injection container, no
/// configuration or logging providers, no endpoint routing. Under Native AOT the service provider builds the open
/// generic services the host asks for (ILogger&lt;T&gt;, IOptions&lt;T&gt;, …) with the run-time type loader. Dropping the
/// host, the container and routing took the main thread's CPU time to the first response from 25.6 to 8.6 ms (Cloud
/// Run) and from 23.3 to 6.3 ms (SageMaker), medians of 12 fresh x86-64-v3 processes each, measured side by side.
/// </summary>
public static class KestrelHost
{
    /// <summary>Creates the server; <see cref="StartAsync"/> binds it.</summary>
    /// <param name="protocols">HTTP/1.1 only (SageMaker), or HTTP/1.1 and h2c on the one cleartext port (Cloud Run).</param>
    public static KestrelServer Create(HttpHostLimits limits, HttpProtocols protocols)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var kestrel = new KestrelServerOptions
        {
            AddServerHeader = false,
            // An h2c connection looks like TLS to Kestrel (see H2cPriorKnowledge); this lets its requests keep the
            // ":scheme: http" their clients send instead of failing Kestrel's scheme check.
            AllowAlternateSchemes = protocols == HttpProtocols.Http1AndHttp2,
        };
        // Bodies are held to the platform's limit as they are read (RequestBody); Kestrel's own limit is the drain bound.
        kestrel.Limits.MaxRequestBodySize = limits.MostBodyBytes;
        kestrel.ListenAnyIP(limits.Port, listen =>
        {
            listen.Protocols = protocols;
            if (protocols == HttpProtocols.Http1AndHttp2)
            {
                // Kestrel picks HTTP/1.1 on a cleartext port that offers both, since there is no TLS ALPN to
                // choose by; this sniffs the HTTP/2 connection preface so h2c clients get HTTP/2.
                listen.Use(H2cPriorKnowledge.Middleware);
            }
        });
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance);
        return new KestrelServer(Options.Create(kestrel), transport, NullLoggerFactory.Instance);
    }

    /// <summary>Binds and serves <paramref name="application"/>; marks runtime_ready once the socket is bound and
    /// returns the bound port.</summary>
    public static async Task<int> StartAsync(KestrelServer server, RequestDelegate application, ColdStartTimeline timeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(timeline);
        await server.StartAsync(new RequestApplication(application), cancellationToken).ConfigureAwait(false);
        timeline.Mark(ColdStartTimeline.RuntimeReady);
        return BoundPort(server);
    }

    private static int BoundPort(KestrelServer server)
    {
        // Port 0 (tests) binds an ephemeral port; the addresses feature reports the real one.
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no bound address after start.");
        return new Uri(address).Port;
    }
}
