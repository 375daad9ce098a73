namespace Toolkit.Kernels.Graph.Execution;

/// <summary>
/// Places every intermediate value in one arena so that values whose lifetimes overlap never share memory and values
/// whose lifetimes do not may. Greedy by size, largest first, each at the lowest offset that fits: simple, and within a
/// few percent of optimal on chain-like CNNs, where the plan is about the two largest neighbouring activations.
/// </summary>
public static class MemoryPlanner
{
    /// <summary>Each slice starts on a 64-byte boundary: 16 floats.</summary>
    private const int AlignmentFloats = Arena.AlignmentBytes / sizeof(float);

    /// <summary>A value to place: its size in floats and the first and last step (inclusive) that touch it.</summary>
    public readonly record struct Lifetime(string Name, long LengthInFloats, int FirstStep, int LastStep)
    {
        public bool Overlaps(Lifetime other) => FirstStep <= other.LastStep && other.FirstStep <= LastStep;
    }

    /// <summary>The offsets of every value, and the arena size they need.</summary>
    public static (IReadOnlyDictionary<string, long> Offsets, long ArenaLengthInFloats) Plan(IReadOnlyList<Lifetime> values)
    {
        var placed = new List<(Lifetime Value, long Offset)>();
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        long arenaLength = 0;
        foreach (var value in values.OrderByDescending(v => v.LengthInFloats).ThenBy(v => v.FirstStep))
        {
            var conflicts = placed.Where(p => p.Value.Overlaps(value)).OrderBy(p => p.Offset);
            long offset = 0;
            foreach (var (other, otherOffset) in conflicts)
            {
                if (offset + value.LengthInFloats <= otherOffset)
                {
                    break;
                }

                offset = Math.Max(offset, Align(otherOffset + other.LengthInFloats));
            }

            placed.Add((value, offset));
            offsets[value.Name] = offset;
            arenaLength = Math.Max(arenaLength, offset + value.LengthInFloats);
        }

        return (offsets, Align(arenaLength));
    }

    private static long Align(long floats) => (floats + AlignmentFloats - 1) / AlignmentFloats * AlignmentFloats;
}
