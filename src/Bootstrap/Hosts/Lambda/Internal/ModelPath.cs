namespace Toolkit.Bootstrap.Hosts.Lambda.Internal;

/// <summary>
/// The model a proxy event's path names, as the REST protocols put it there: <c>/v2/models/{name}[/versions/{v}]/infer</c>
/// (KServe v2) or <c>/v1/models/{name}[/versions/{v}]:predict</c> (TF-Serving). Any other path names none.
/// </summary>
internal static class ModelPath
{
    public static string? NameFrom(string? rawPath)
    {
        if (rawPath is null)
        {
            return null;
        }

        foreach (var prefix in (ReadOnlySpan<string>)["/v2/models/", "/v1/models/"])
        {
            if (rawPath.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = rawPath.AsSpan(prefix.Length);
                var end = rest.IndexOfAny('/', ':');
                return Uri.UnescapeDataString((end < 0 ? rest : rest[..end]).ToString());
            }
        }

        return null;
    }
}
