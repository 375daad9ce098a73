using System.Collections;

namespace Toolkit.Kernels.Graph;

/// <summary>
/// The attributes of one node: a small, ordered map whose values are <see cref="int"/>, <see cref="int"/>[],
/// <see cref="float"/> or <see cref="string"/>. Keys are kept sorted so a graph always serializes to the same bytes.
/// </summary>
public sealed class NodeAttributes : IEnumerable<KeyValuePair<string, object>>
{
    private readonly SortedDictionary<string, object> values = new(StringComparer.Ordinal);

    public static NodeAttributes Empty => new();

    public int Count => values.Count;

    /// <summary>Adds or replaces an attribute; only int, int[], float and string values are allowed.</summary>
    public NodeAttributes Set(string name, object value)
    {
        if (value is not (int or int[] or float or string))
        {
            throw new ArgumentException($"Attribute '{name}' has unsupported type {value?.GetType().Name ?? "null"}; expected int, int[], float or string.", nameof(value));
        }

        values[name] = value;
        return this;
    }

    /// <summary>Collection-initializer support: <c>new NodeAttributes { { "group", 32 } }</c>.</summary>
    public void Add(string name, object value) => Set(name, value);

    public bool Has(string name) => values.ContainsKey(name);

    public int Int(string name) => Get<int>(name);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? Cast<int>(name, v) : fallback;

    public int[] Ints(string name) => Get<int[]>(name);

    public float Float(string name) => Get<float>(name);

    public float Float(string name, float fallback) => values.TryGetValue(name, out var v) ? Cast<float>(name, v) : fallback;

    public string String(string name) => Get<string>(name);

    public string String(string name, string fallback) => values.TryGetValue(name, out var v) ? Cast<string>(name, v) : fallback;

    /// <summary>The activation fused into a node (attribute <c>activation</c>), <see cref="Activation.None"/> when absent.</summary>
    public Activation Activation => Enum.Parse<Activation>(String("activation", nameof(Activation.None)));

    public NodeAttributes Clone()
    {
        var copy = new NodeAttributes();
        foreach (var (key, value) in values)
        {
            copy.values[key] = value is int[] array ? array.ToArray() : value;
        }

        return copy;
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        string.Join(", ", values.Select(kv => $"{kv.Key}={(kv.Value is int[] a ? $"[{string.Join(',', a)}]" : kv.Value)}"));

    private T Get<T>(string name) =>
        values.TryGetValue(name, out var value) ? Cast<T>(name, value) : throw new GraphException($"Missing attribute '{name}'.");

    private static T Cast<T>(string name, object value) =>
        value is T typed ? typed : throw new GraphException($"Attribute '{name}' is {value.GetType().Name}, expected {typeof(T).Name}.");
}
