using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Toolkit.Bootstrap.Hosts.Http.Internal;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// The lean Kestrel set-up both HTTP hosts share. Start-up is part of the cold start (runtime_init), so it uses the
/// empty builder: no configuration providers (no appsettings files, no environment or command-line sources), no
/// logging providers, no IIS or static-file extras, and Kestrel's core without its configuration binding. The
/// listening socket is bound when the server's started callback runs, which is where runtime_ready is marked.
/// </summary>
public static class KestrelHost
{
    /// <summary>Creates the application; the caller adds its routes and starts it with <see cref="StartAsync"/>.</summary>
    /// <param name="protocols">HTTP/1.1 only (SageMaker), or HTTP/1.1 and h2c on the one cleartext port (Cloud Run).</param>
    /// <param name="configureServices">Services beyond Kestrel's own (routing and gRPC for Cloud Run).</param>
    public static WebApplication Create(HttpHostLimits limits, HttpProtocols protocols, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // An h2c connection looks like TLS to Kestrel (see H2cPriorKnowledge); this lets its requests keep the
            // ":scheme: http" their clients send instead of failing Kestrel's scheme check.
            kestrel.AllowAlternateSchemes = protocols == HttpProtocols.Http1AndHttp2;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBytes;
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
        });
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Starts listening and marks runtime_ready once the socket is bound; returns the bound port.</summary>
    public static async Task<int> StartAsync(WebApplication app, ColdStartTimeline timeline, CancellationToken cancellationToken)
    {
        app.Lifetime.ApplicationStarted.Register(() => timeline.Mark(ColdStartTimeline.RuntimeReady));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        timeline.Mark(ColdStartTimeline.RuntimeReady);
        return BoundPort(app);
    }

    private static int BoundPort(WebApplication app)
    {
        // Port 0 (tests) binds an ephemeral port; the addresses feature reports the real one.
        var address = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no bound address after start.");
        return new Uri(address).Port;
    }
}
