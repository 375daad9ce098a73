namespace Toolkit.Kernels.Graph;

/// <summary>A model file that cannot be read: wrong magic, truncated, or corrupt. The message names the file and the problem.</summary>
public sealed class ModelFormatException : GraphException
{
    public ModelFormatException()
    {
    }

    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
