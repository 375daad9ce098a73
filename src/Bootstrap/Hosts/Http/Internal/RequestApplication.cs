using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Toolkit.Bootstrap.Hosts.Http.Internal;

/// <summary>
/// What Kestrel calls per request, in place of the generic host's hosting application: a plain
/// <see cref="DefaultHttpContext"/> over Kestrel's features, handed to one <see cref="RequestDelegate"/>. There is no
/// request service provider; no handler here resolves services.
/// </summary>
internal sealed class RequestApplication(RequestDelegate handler) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => handler(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
        // Nothing per request to release: the context holds only Kestrel's features, which Kestrel owns.
    }
}
