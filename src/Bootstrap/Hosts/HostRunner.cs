using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts;

/// <summary>Starts the host that <see cref="BootstrapOptions.Host"/> names; each host decides when the model loads.</summary>
public static class HostRunner
{
    public static Task<int> RunAsync(BootstrapOptions options, ColdStartTimeline timeline) => options.Host switch
    {
        HostKind.Lambda => LambdaHost.RunAsync(options, timeline),
        _ => NotBuilt(options.Host),
    };

    private static Task<int> NotBuilt(HostKind host)
    {
        Console.Error.WriteLine($"bootstrap: the {host} host is not part of this build yet.");
        return Task.FromResult(2);
    }
}
