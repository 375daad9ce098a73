using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Toolkit.Bootstrap.Tests.Hosts.Infrastructure;

/// <summary>
/// An HTTP/1.1 client on a bare socket that behaves as Python's http.client does with a large body: it writes the
/// headers and the whole body first (no <c>Expect: 100-continue</c>), and only then reads the answer. The socket stays
/// open, so a second request can test that the connection is still usable.
/// </summary>
public sealed class RawHttpClient : IDisposable
{
    private readonly TcpClient tcp = new() { NoDelay = true };
    private Stream stream = Stream.Null;

    public static async Task<RawHttpClient> ConnectAsync(Uri address)
    {
        var client = new RawHttpClient();
        await client.tcp.ConnectAsync(address.Host, address.Port);
        client.stream = client.tcp.GetStream();
        return client;
    }

    /// <summary>The bytes of the body written before the server closed or reset the connection (all of them if it did not).</summary>
    public long Written { get; private set; }

    /// <summary>Writes a POST with <paramref name="bodyBytes"/> bytes of body, declared or chunked, in 64 KiB writes.</summary>
    /// <param name="pause">Between writes: a slow client.</param>
    /// <returns>Whether the whole body went out (false: the server closed the connection first).</returns>
    public async Task<bool> PostAsync(string path, string contentType, long bodyBytes, bool chunked, TimeSpan pause = default, byte fill = (byte)' ')
    {
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {contentType}\r\n" +
                   (chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {bodyBytes.ToString(CultureInfo.InvariantCulture)}\r\n") + "\r\n";
        var block = Enumerable.Repeat(fill, 64 << 10).ToArray();
        Written = 0;
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            while (Written < bodyBytes)
            {
                var count = (int)Math.Min(block.Length, bodyBytes - Written);
                if (chunked)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{count:x}\r\n"));
                }

                await stream.WriteAsync(block.AsMemory(0, count));
                if (chunked)
                {
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }

                Written += count;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause);
                }
            }

            if (chunked)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Writes <paramref name="body"/> as one POST with its Content-Length.</summary>
    public async Task PostAsync(string path, string contentType, byte[] body)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body);
    }

    /// <summary>Reads one answer with a Content-Length body: its status, headers (lower-case names) and body.</summary>
    public async Task<(int Status, Dictionary<string, string> Headers, string Body)> ReadResponseAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException($"The server closed the connection before the end of the headers; read: '{head}'.");
            }

            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = new byte[int.Parse(headers.GetValueOrDefault("content-length", "0"), CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body);
        return (status, headers, Encoding.UTF8.GetString(body));
    }

    public void Dispose()
    {
        stream.Dispose();
        tcp.Dispose();
    }
}
