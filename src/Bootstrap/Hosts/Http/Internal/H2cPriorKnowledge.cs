using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Toolkit.Bootstrap.Hosts.Http.Internal;

/// <summary>
/// HTTP/1.1 and h2c (HTTP/2 with prior knowledge, what gRPC clients and Cloud Run's end-to-end HTTP/2 send) on one
/// cleartext port. Kestrel 10 only chooses HTTP/2 on an endpoint that also offers HTTP/1.1 when TLS ALPN says "h2"
/// (dotnet/aspnetcore#56984, still open). This connection middleware peeks at the first bytes without consuming
/// them; when they are the HTTP/2 connection preface (RFC 9113 §3.4) it presents the connection to Kestrel as if ALPN
/// had chosen h2. Anything else reaches Kestrel untouched and is served as HTTP/1.1.
/// Side effect: requests on such a connection report the scheme "https" (Kestrel derives it from the TLS feature).
/// </summary>
internal static class H2cPriorKnowledge
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>Kestrel's own header timeout starts only after this middleware, so a connection that sends nothing
    /// is handed on after this long (Kestrel's default RequestHeadersTimeout), and Kestrel then closes it.</summary>
    private static readonly TimeSpan PrefaceTimeout = TimeSpan.FromSeconds(30);

    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        if (await StartsWithPrefaceAsync(connection).ConfigureAwait(false))
        {
            var alpn = new NegotiatedHttp2();
            connection.Features.Set<ITlsConnectionFeature>(alpn);
            connection.Features.Set<ITlsApplicationProtocolFeature>(alpn);
        }

        await next(connection).ConfigureAwait(false);
    };

    /// <summary>Reads until the bytes either match the 24-byte preface or diverge from it, then leaves them unread.</summary>
    private static async ValueTask<bool> StartsWithPrefaceAsync(ConnectionContext connection)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(PrefaceTimeout);
        try
        {
            return await ReadPrefaceAsync(connection, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Silent or closed: HTTP/1.1 handling (and its timeouts) deals with it.
            return false;
        }
    }

    private static async ValueTask<bool> ReadPrefaceAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var (decided, isPreface) = Compare(buffer);
            if (decided || result.IsCompleted)
            {
                // Consumes and examines nothing, so Kestrel's own first read sees the same bytes at once.
                input.AdvanceTo(buffer.Start);
                return decided && isPreface;
            }

            // Too few bytes to tell: mark them examined so the next read waits for more.
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (bool Decided, bool IsPreface) Compare(ReadOnlySequence<byte> buffer)
    {
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> head = stackalloc byte[Preface.Length];
        buffer.Slice(0, length).CopyTo(head);
        if (!head[..length].SequenceEqual(Preface.AsSpan(0, length)))
        {
            return (true, false);
        }

        return (length == Preface.Length, length == Preface.Length);
    }

    /// <summary>The features Kestrel's protocol selection reads: a TLS connection whose ALPN result is "h2".</summary>
    private sealed class NegotiatedHttp2 : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public ReadOnlyMemory<byte> ApplicationProtocol => "h2"u8.ToArray();

        public X509Certificate2? ClientCertificate { get; set; }

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
    }
}
