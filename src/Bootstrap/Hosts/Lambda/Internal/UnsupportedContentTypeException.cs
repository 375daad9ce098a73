namespace Toolkit.Bootstrap.Hosts.Lambda.Internal;

/// <summary>A proxy event whose content-type (or accept) names no wire format the host speaks; answered 415 (406).</summary>
internal sealed class UnsupportedContentTypeException : Exception
{
    public UnsupportedContentTypeException()
    {
    }

    public UnsupportedContentTypeException(string message)
        : base(message)
    {
    }

    public UnsupportedContentTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnsupportedContentTypeException(string message, bool isAccept)
        : base(message) => IsAccept = isAccept;

    /// <summary>True when the accept header was the problem (406), false for content-type (415).</summary>
    public bool IsAccept { get; }
}
