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
        for (var i = 0; i < values.Length; i++)
        {
            var span = output.GetSpan(JsonFloatFormatter.MaxLengthBytes + 1);
            var position = 0;
            if (i > 0)
            {
                span[position++] = (byte)',';
            }

            output.Advance(position + JsonFloatFormatter.Format(values[i], span[position..]));
        }

        output.Write((byte)']');
    }

    /// <summary>Reads a flat JSON array of numbers into <paramref name="destination"/> and returns the count.</summary>
    /// <exception cref="MalformedPayloadException">Not a flat array of finite float32 numbers, or more values than fit.</exception>
    public static int Read(ReadOnlySpan<byte> json, Span<float> destination)
    {
        var scanner = new JsonScanner(json);
        scanner.Expect((byte)'[');
        var count = 0;
        var position = scanner.Position;
        var first = true;
        while (true)
        {
            while ((uint)position < (uint)json.Length && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                position++;
            }

            if ((uint)position < (uint)json.Length && json[position] == ']')
            {
                scanner.Position = position + 1;
                scanner.ExpectEnd();
                return count;
            }

            if (!first)
            {
                if ((uint)position >= (uint)json.Length || json[position] != ',')
                {
                    scanner.Position = position;
                    throw scanner.Unexpected("',' or ']'");
                }

                position++;
                while ((uint)position < (uint)json.Length && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
                {
                    position++;
                }
            }

            first = false;
            if (count == destination.Length)
            {
                throw new MalformedPayloadException($"JSON array must hold at most {destination.Length} values; it holds more.", position);
            }

            destination[count++] = JsonNumberParser.ParseFloat(json, ref position);
        }
    }
}
