using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Toolkit.Serialization.Errors;

namespace Toolkit.Serialization.Json;

/// <summary>A float32 array as a flat JSON array (<c>[1.5,-2,…]</c>): the codec's unit of work, and what its
/// benchmark against System.Text.Json measures.</summary>
public static class JsonFloatArray
{
    /// <summary>Appends <paramref name="values"/> as a JSON array of shortest round-trip numbers.</summary>
    public static void Write(ReadOnlySpan<float> values, Utf8Buffer output)
    {
        output.Write((byte)'[');
        WriteValues(values, output);
        output.Write((byte)']');
    }

    /// <summary>Appends the values separated by commas, without brackets: one span sized for the worst case, then
    /// no per-value checks.</summary>
    internal static void WriteValues(ReadOnlySpan<float> values, Utf8Buffer output)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(checked(values.Length * (JsonFloatFormatter.MaxLengthBytes + 1)));
        ref var start = ref MemoryMarshal.GetReference(span);
        var written = JsonFloatFormatter.Format(values[0], ref start);
        for (var i = 1; i < values.Length; i++)
        {
            Unsafe.Add(ref start, written++) = (byte)',';
            written += JsonFloatFormatter.Format(values[i], ref Unsafe.Add(ref start, written));
        }

        output.Advance(written);
    }

    /// <summary>Reads a flat JSON array of numbers into <paramref name="destination"/> and returns the count.</summary>
    /// <exception cref="MalformedPayloadException">Not a flat array of finite float32 numbers, or more values than fit.</exception>
    public static int Read(ReadOnlySpan<byte> json, Span<float> destination)
    {
        var scanner = new JsonScanner(json);
        scanner.Expect((byte)'[');
        if (scanner.TryConsume((byte)']'))
        {
            scanner.ExpectEnd();
            return 0;
        }

        var count = 0;
        var position = scanner.Position;
        while (true)
        {
            position = SkipWhitespace(json, position);
            if (count == destination.Length)
            {
                throw new MalformedPayloadException($"JSON array must hold at most {destination.Length} values; it holds more.", position);
            }

            destination[count++] = JsonNumberParser.ParseFloat(json, ref position);

            // Compact arrays put the comma right after the number: test that first.
            if ((uint)position < (uint)json.Length && json[position] == ',')
            {
                position++;
                continue;
            }

            position = SkipWhitespace(json, position);
            if ((uint)position < (uint)json.Length && json[position] == ',')
            {
                position++;
                continue;
            }

            if ((uint)position < (uint)json.Length && json[position] == ']')
            {
                scanner.Position = position + 1;
                scanner.ExpectEnd();
                return count;
            }

            scanner.Position = position;
            throw scanner.Unexpected("',' or ']'");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while ((uint)position < (uint)json.Length && json[position] <= ' ' && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            position++;
        }

        return position;
    }
}
