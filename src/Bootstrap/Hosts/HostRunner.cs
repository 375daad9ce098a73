using System.Runtime.InteropServices;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Hosts.CloudRun;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Hosts.SageMaker;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts;

/// <summary>Starts the host that <see cref="BootstrapOptions.Host"/> names; each host decides when the model loads.</summary>
public static class HostRunner
{
    private static PosixSignalRegistration? terminate;

    public static Task<int> RunAsync(BootstrapOptions options, ColdStartTimeline timeline) => options.Host switch
    {
        HostKind.Lambda => LambdaHost.RunAsync(options, timeline, ShutdownSignal()),
        HostKind.SageMaker => SageMakerHost.RunAsync(options, timeline, ShutdownSignal()),
        HostKind.CloudRun => CloudRunHost.RunAsync(options, timeline, ShutdownSignal()),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Host, "Unknown host."),
    };

    /// <summary>Fires on SIGTERM (how Cloud Run, SageMaker and container runtimes stop a container; as PID 1 the
    /// process would otherwise ignore it) or Ctrl+C; the empty builder has no generic-host lifetime to do it.</summary>
    private static CancellationToken ShutdownSignal()
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            source.Cancel();
        };
        // Kept for the process's lifetime: disposing the registration would restore the default SIGTERM action.
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            source.Cancel();
        });
        return source.Token;
    }
}
