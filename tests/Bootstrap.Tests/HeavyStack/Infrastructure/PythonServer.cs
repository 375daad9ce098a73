using Toolkit.Bench.ColdStart;
using Toolkit.Bench.HeavyStack;
using Toolkit.Bench.Lambda;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.HeavyStack.Infrastructure;

/// <summary>One request to a fresh Python server (the Cloud Run host of <c>serve.py</c>), as the coldstart harness sends it.</summary>
internal static class PythonServer
{
    /// <summary>Importing torch and loading BERT take seconds; the rest is slack for a loaded 2-core machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The response to <paramref name="request"/> of a server that loads <c>&lt;model&gt;.torchgraph</c> from <paramref name="modelDirectory"/>.</summary>
    public static async Task<InferenceMessage> InferAsync(FirstRequest request, string modelDirectory)
    {
        var port = LoopbackPort.Free();
        using var child = BootstrapProcess.Start(BootstrapBuild.Python.Program, ColdStartProbe.Arguments("cloudrun"), ColdStartProbe.Environment(request.Model, PythonTorch.EngineName, modelDirectory, port));
        using var timeout = new CancellationTokenSource(Patience);
        var (body, headerLength) = await ColdStartProbe.SendWhenListeningAsync(child, request, new Uri($"http://127.0.0.1:{port}"), "cloudrun", timeout.Token);
        return new KServeBinaryFormat().Decode(body, MessageKind.Response, DecodeOptions.Default, headerLength);
    }
}
