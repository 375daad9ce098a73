namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>This machine cannot enforce the CPU limit asked for; the message says what to run instead.</summary>
public sealed class CpuLimitUnavailableException : Exception
{
    public CpuLimitUnavailableException()
    {
    }

    public CpuLimitUnavailableException(string message)
        : base(message)
    {
    }

    public CpuLimitUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
