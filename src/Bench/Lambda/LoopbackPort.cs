using System.Net;
using System.Net.Sockets;

namespace Toolkit.Bench.Lambda;

/// <summary>A loopback port free right now, for a child process (or container) to bind next.</summary>
public static class LoopbackPort
{
    /// <summary>Binds port 0, reads the port the kernel picked, and releases it.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
