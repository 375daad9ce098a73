namespace Toolkit.Kernels;

/// <summary>Thrown when a kernel or engine is asked for an ISA tier this CPU or runtime cannot run.</summary>
public sealed class IsaNotSupportedException : PlatformNotSupportedException
{
    public IsaNotSupportedException(Isa requested)
        : base($"ISA tier '{IsaSupport.Name(requested)}' is not supported by this CPU or runtime; available tiers: " +
               $"{string.Join(", ", IsaSupport.Available.Select(IsaSupport.Name))}. " +
               "Check DOTNET_EnableAVX512/DOTNET_EnableAVX2 in the environment, or the IlcInstructionSet of a Native-AOT build.")
    {
        Requested = requested;
    }

    public IsaNotSupportedException()
        : this(Isa.Best)
    {
    }

    public IsaNotSupportedException(string message)
        : base(message)
    {
    }

    public IsaNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The tier that was asked for.</summary>
    public Isa Requested { get; }
}
