namespace Toolkit.Kernels.Graph;

/// <summary>A graph that cannot be built, checked, loaded or run: the message names the node, value or field.</summary>
public class GraphException : Exception
{
    public GraphException()
    {
    }

    public GraphException(string message)
        : base(message)
    {
    }

    public GraphException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
