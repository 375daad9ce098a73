using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Toolkit.Bench.Protocols.Remote;

/// <summary>
/// AWS Signature Version 4 for one HTTP request, as the SageMaker runtime (<c>InvokeEndpoint</c>) requires: the
/// canonical request (method, path, sorted query, the signed headers, the payload's SHA-256), the string to sign over
/// the date/region/service scope, a key derived from the secret by four HMACs, and the <c>Authorization</c> header.
/// Written here rather than taken from AWSSDK.Core, whose signer works on the SDK's own request objects.
/// </summary>
public sealed class SigV4Signer(AwsCredentials credentials, string region, string service)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateHeader = "x-amz-date";
    public const string SecurityTokenHeader = "x-amz-security-token";

    public string Region => region;

    public string Service => service;

    /// <summary>
    /// Signs <paramref name="request"/> as of <paramref name="now"/>: adds <c>x-amz-date</c> (and the session token when
    /// there is one) and the <c>Authorization</c> header. The host and the content type are signed with them.
    /// </summary>
    /// <exception cref="ArgumentException">The request has no absolute URI.</exception>
    public async Task SignAsync(HttpRequestMessage request, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new ArgumentException($"The request to sign must have an absolute URI; it has '{request.RequestUri}'.", nameof(request));
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation(DateHeader, amzDate);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            [DateHeader] = amzDate,
        };
        if (credentials.SessionToken is { } token)
        {
            request.Headers.TryAddWithoutValidation(SecurityTokenHeader, token);
            headers[SecurityTokenHeader] = token;
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        request.Headers.TryAddWithoutValidation("Authorization", Authorization(request.Method.Method, uri.AbsolutePath, uri.Query, headers, body, amzDate));
    }

    /// <summary>The <c>Authorization</c> value for a request already reduced to its parts (the test vectors' form).</summary>
    /// <param name="headers">Lower-case names and trimmed values of every header to sign, <c>host</c> and <c>x-amz-date</c> among them.</param>
    public string Authorization(string method, string path, string query, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, string amzDate)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var names = headers.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var signedHeaders = string.Join(';', names);
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(path)).Append('\n')
            .Append(CanonicalQuery(query)).Append('\n');
        foreach (var name in names)
        {
            canonical.Append(name).Append(':').Append(headers[name].Trim()).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(body)));

        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signature = Hex(HMACSHA256.HashData(SigningKey(date), Encoding.UTF8.GetBytes(stringToSign)));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    private byte[] SigningKey(string date)
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return key;
    }

    /// <summary>
    /// Each segment URI-encoded (RFC 3986 unreserved characters kept). Services other than S3 encode the path once more
    /// on top of what the client sent; endpoint names are letters, digits and hyphens, so both come out the same here.
    /// </summary>
    private static string CanonicalPath(string path) =>
        string.IsNullOrEmpty(path) ? "/" : string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));

    /// <summary>Parameters sorted by name then value, each name and value URI-encoded.</summary>
    private static string CanonicalQuery(string query) =>
        string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: p.Length > 1 ? Uri.EscapeDataString(Uri.UnescapeDataString(p[1])) : ""))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
