namespace Toolkit.Serialization.Formats;

/// <summary>Every wire format, by name.</summary>
public static class WireFormats
{
    public static IReadOnlyList<IWireFormat> All { get; } =
    [
        new TfServingJsonFormat(),
        new TfServingJsonPaperFormat(),
        new KServeJsonFormat(),
        new KServeBinaryFormat(),
        new KServeGrpcFormat(),
        new TfServingGrpcFormat(),
    ];

    /// <exception cref="ArgumentException">No format has that name.</exception>
    public static IWireFormat Get(string name) =>
        All.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"Wire format must be one of {string.Join(", ", All.Select(f => f.Name))}; received '{name}'.", nameof(name));
}
