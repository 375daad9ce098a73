namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>A prices file is missing, unreadable or has a field that is absent or out of range; the message names the field.</summary>
public sealed class PriceBookException : Exception
{
    public PriceBookException(string message)
        : base(message)
    {
    }

    public PriceBookException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PriceBookException()
    {
    }
}
