using Toolkit.Kernels.Graph;

namespace Toolkit.Kernels.Zoo;

/// <summary>The paper's models, built in code with seeded weights (no pretrained weights can be downloaded here).</summary>
public static class ModelZoo
{
    /// <summary>The seed every report and test uses unless told otherwise.</summary>
    public const ulong DefaultSeed = 20231211;

    private static readonly Dictionary<string, Func<ulong, ModelGraph>> Builders = new(StringComparer.OrdinalIgnoreCase)
    {
        [MobileNetV1.Name] = MobileNetV1.Build,
        [InceptionV3.Name] = InceptionV3.Build,
        [YoloV5s.Name] = YoloV5s.Build,
        [BertBase.Name] = BertBase.Build,
    };

    public static IReadOnlyCollection<string> Names => Builders.Keys;

    /// <exception cref="ArgumentException">No model has that name; the message lists the known ones.</exception>
    public static ModelGraph Build(string name, ulong seed = DefaultSeed) =>
        Builders.TryGetValue(name, out var build)
            ? build(seed)
            : throw new ArgumentException($"Unknown model '{name}'; the zoo has: {string.Join(", ", Builders.Keys)}.", nameof(name));
}
