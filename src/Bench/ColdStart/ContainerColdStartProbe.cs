using System.Diagnostics;
using System.Globalization;
using Toolkit.Bench.Lambda;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// One fresh container of a platform image (<see cref="ContainerImages"/>), started with <c>podman run</c> as FACTS.md
/// says containers run here, sent the first request as soon as it accepts one, timed, and removed. The clock starts
/// at the <c>podman run</c> spawn, so end_to_end includes everything a platform's container start does on this machine
/// (podman's set-up, runc, the mounts) except pulling the image, which is local.
/// </summary>
public static class ContainerColdStartProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <param name="emulator">The Runtime API a Lambda container talks to (over the host network); null for the HTTP hosts.</param>
    /// <exception cref="InvalidOperationException">The container exited or answered with an error instead of a response.</exception>
    public static async Task<ColdStartSample> RunAsync(ContainerImages images, string host, string engine, FirstRequest request, RuntimeApiEmulator? emulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(request);
        if (host == "lambda" && emulator is null)
        {
            throw new ArgumentException("A Lambda container needs a Runtime API emulator; received none.", nameof(emulator));
        }

        var port = LoopbackPort.Free();
        var name = $"{images.Prefix}-{host}-{Guid.NewGuid().ToString("N")[..12]}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TOOLKIT_MODEL"] = request.Model,
            ["TOOLKIT_ENGINE"] = engine,
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["SAGEMAKER_BIND_TO_PORT"] = port.ToString(CultureInfo.InvariantCulture),
        };
        if (host == "lambda")
        {
            environment["AWS_LAMBDA_RUNTIME_API"] = emulator!.RuntimeApiAddress;
        }

        List<string> arguments = ["run", "--rm", "--name", name, .. Podman.RunOptions];
        foreach (var (variable, value) in environment)
        {
            arguments.AddRange(["--env", $"{variable}={value}"]);
        }

        arguments.Add(images.ImageFor(host));
        // podman run stays attached, so the container's stdout (with the cold-start line) comes through the client.
        var child = BootstrapProcess.Start("podman", arguments, new Dictionary<string, string>());
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
            if (host == "lambda")
            {
                var result = await emulator!.InvokeAsync(request.ProxyEvent(), timeout.Token).ConfigureAwait(false);
                if (result.IsError)
                {
                    throw new InvalidOperationException($"The Lambda container answered {result.ErrorType}: {result.BodyText}");
                }
            }
            else
            {
                await ColdStartProbe.SendWhenListeningAsync(child, request, new Uri($"http://127.0.0.1:{port}"), host, timeout.Token).ConfigureAwait(false);
            }

            var respondedMs = Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
            var line = await child.ColdStartLineAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return ColdStartSample.FromContainer(line, child.SpawnMs, respondedMs);
        }
        finally
        {
            // Remove first: killing the attached client alone would leave the container running under conmon.
            Podman.Remove(name);
            child.Dispose();
        }
    }
}
