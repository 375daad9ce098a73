using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Formats;

/// <summary>
/// What a decoder may rely on besides the bytes. <see cref="Expected"/> is the model's signature: TF-Serving JSON
/// carries no data types (and a lone tensor carries no name), so those formats take them from here, as the real
/// server takes them from its model. Every decoder refuses a payload larger than <see cref="MaxPayloadBytes"/>
/// before reading it.
/// </summary>
public sealed record DecodeOptions(IReadOnlyList<TensorSpec>? Expected = null, long MaxPayloadBytes = DecodeOptions.DefaultMaxPayloadBytes)
{
    /// <summary>64 MiB: twice the largest platform limit (Cloud Run's 32 MiB), and above every Table 2 payload
    /// except YOLOv5's output as JSON.</summary>
    public const long DefaultMaxPayloadBytes = 64L << 20;

    public static DecodeOptions Default { get; } = new();

    /// <summary>The signature's spec for input <paramref name="name"/>; null when there is no signature.</summary>
    /// <exception cref="Errors.TensorShapeMismatchException">The signature has no input of that name.</exception>
    public TensorSpec? ExpectedSpec(string name) =>
        Expected is null
            ? null
            : Expected.FirstOrDefault(spec => spec.Name == name)
              ?? throw new Errors.TensorShapeMismatchException(
                  $"Tensor name must be one of {string.Join(", ", Expected.Select(s => $"'{s.Name}'"))}; received '{name}'.");
}
