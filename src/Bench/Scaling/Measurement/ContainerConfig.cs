using System.Globalization;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// A serverless-container configuration as the paper's Figure 5 names it, <c>instances_concurrency_cores</c>: how many
/// instances, how many requests each admits at once, and the cores each gets.
/// </summary>
public sealed record ContainerConfig(int Instances, int Concurrency, int CoresPerInstance)
{
    /// <summary>The configurations a 2-core machine can run for real: instances × cores ≤ 2.</summary>
    public static IReadOnlyList<ContainerConfig> RealOnTwoCores { get; } =
        [.. new[] { "1_1_1", "1_4_1", "1_8_1", "2_1_1", "2_4_1", "1_1_2", "1_4_2", "1_8_2" }.Select(Parse)];

    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Instances}_{Concurrency}_{CoresPerInstance}");

    public int TotalCores => Instances * CoresPerInstance;

    /// <summary>Requests the whole configuration admits at once; the rest wait at the load balancer.</summary>
    public int Capacity => Instances * Concurrency;

    /// <summary>True when every instance can have cores of its own on a machine with <paramref name="cores"/>.</summary>
    public bool FitsOn(int cores) => TotalCores <= cores;

    /// <summary>The cores instance <paramref name="index"/> is pinned to: consecutive blocks, one per instance.</summary>
    public IReadOnlyList<int> CpusOf(int index) => [.. Enumerable.Range(index * CoresPerInstance, CoresPerInstance)];

    /// <exception cref="FormatException">Not three positive integers joined by underscores.</exception>
    public static ContainerConfig Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split('_');
        var numbers = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0).ToArray();
        return parts.Length == 3 && numbers.All(n => n > 0)
            ? new ContainerConfig(numbers[0], numbers[1], numbers[2])
            : throw new FormatException($"A container configuration must be instances_concurrency_cores with positive integers (e.g. 2_4_1); received '{name}'.");
    }

    public override string ToString() => Name;
}
