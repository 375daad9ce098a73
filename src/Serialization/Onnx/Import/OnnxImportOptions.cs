using System.Globalization;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>How to import an ONNX file.</summary>
public sealed record OnnxImportOptions
{
    /// <summary>
    /// Values for the file's symbolic dimensions (an input shape's <c>dim_param</c>, such as <c>batch</c> or
    /// <c>sequence</c>). Our plans have fixed shapes, so every symbolic dimension needs one; an input dimension that is
    /// neither fixed nor named here is an error naming the input and the dimension.
    /// </summary>
    public IReadOnlyDictionary<string, int> Dimensions { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The model's name in our graph, or null for the file's graph name.</summary>
    public string? Name { get; init; }

    /// <summary>Reads one <c>NAME=N</c> dimension value (N a positive integer), as <c>--dim</c> and <c>TOOLKIT_DIMS</c> take them.</summary>
    public static bool TryParseDimension(string entry, out string name, out int value)
    {
        var at = entry.IndexOf('=', StringComparison.Ordinal);
        name = at > 0 ? entry[..at] : "";
        value = 0;
        return at > 0 && int.TryParse(entry.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
