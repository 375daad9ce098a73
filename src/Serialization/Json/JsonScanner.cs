using System.Runtime.CompilerServices;
using System.Text;
using Toolkit.Serialization.Errors;

namespace Toolkit.Serialization.Json;

/// <summary>
/// A forward-only reader over a UTF-8 JSON document, with just the operations the wire formats need: objects,
/// arrays, strings, numbers and skipping unknown values. Errors are <see cref="MalformedPayloadException"/> with
/// the byte offset. Number arrays are read by the caller straight from <see cref="Json"/> and <see cref="Position"/>
/// with <see cref="JsonNumberParser"/>, which is where the time goes for tensors.
/// </summary>
public ref struct JsonScanner
{
    // Nesting deeper than this is refused: no tensor has 64 dimensions, and it bounds the recursion in SkipValue.
    private const int MaxDepth = 64;

    public JsonScanner(ReadOnlySpan<byte> json)
    {
        Json = json;
        Position = 0;
    }

    public ReadOnlySpan<byte> Json { get; }

    public int Position { get; set; }

    /// <summary>Skips whitespace and returns the next byte, or 0 at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Peek()
    {
        var json = Json;
        var i = Position;
        while ((uint)i < (uint)json.Length && json[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            i++;
        }

        Position = i;
        return (uint)i < (uint)json.Length ? json[i] : (byte)0;
    }

    /// <summary>Consumes <paramref name="expected"/> (after whitespace) or throws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Expect(byte expected)
    {
        if (Peek() != expected)
        {
            throw Unexpected($"'{(char)expected}'");
        }

        Position++;
    }

    /// <summary>Consumes <paramref name="candidate"/> when it comes next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConsume(byte candidate)
    {
        if (Peek() != candidate)
        {
            return false;
        }

        Position++;
        return true;
    }

    /// <summary>After '{' or a member: reads the next property name and its colon, or consumes '}' and returns false.</summary>
    public bool NextProperty(ref bool first, out string name)
    {
        if (TryConsume((byte)'}'))
        {
            name = "";
            return false;
        }

        if (!first)
        {
            Expect((byte)',');
        }

        first = false;
        name = ReadString();
        Expect((byte)':');
        return true;
    }

    /// <summary>After '[' or an element: true when another element follows (its comma consumed), false after ']'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NextElement(ref bool first)
    {
        if (TryConsume((byte)']'))
        {
            return false;
        }

        if (!first)
        {
            Expect((byte)',');
        }

        first = false;
        return true;
    }

    public string ReadString()
    {
        Expect((byte)'"');
        var json = Json;
        var start = Position;
        var i = start;
        var escaped = false;
        while (true)
        {
            if (i >= json.Length)
            {
                throw new MalformedPayloadException("Unterminated JSON string.", start - 1);
            }

            var b = json[i];
            if (b == '"')
            {
                break;
            }

            if (b < 0x20)
            {
                throw new MalformedPayloadException("Control character inside a JSON string.", i);
            }

            if (b == '\\')
            {
                escaped = true;
                i++;
            }

            i++;
        }

        Position = i + 1;
        return escaped ? Unescape(json[start..i], start) : Encoding.UTF8.GetString(json[start..i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ReadFloat()
    {
        Peek();
        var position = Position;
        var value = JsonNumberParser.ParseFloat(Json, ref position);
        Position = position;
        return value;
    }

    public long ReadInt64()
    {
        Peek();
        var position = Position;
        var value = JsonNumberParser.ParseInt64(Json, ref position);
        Position = position;
        return value;
    }

    /// <summary>Skips one value of any kind.</summary>
    public void SkipValue() => SkipValue(0);

    /// <summary>Fails unless only whitespace is left.</summary>
    public void ExpectEnd()
    {
        if (Peek() != 0)
        {
            throw Unexpected("the end of the document");
        }
    }

    public readonly MalformedPayloadException Unexpected(string expected)
    {
        var found = Position < Json.Length ? $"'{(char)Json[Position]}'" : "the end of the input";
        return new MalformedPayloadException($"Malformed JSON: expected {expected}, found {found}.", Position);
    }

    private void SkipValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new MalformedPayloadException($"JSON nested deeper than {MaxDepth} levels.", Position);
        }

        switch (Peek())
        {
            case (byte)'{':
                Position++;
                var firstMember = true;
                while (NextProperty(ref firstMember, out _))
                {
                    SkipValue(depth + 1);
                }

                break;
            case (byte)'[':
                Position++;
                var firstElement = true;
                while (NextElement(ref firstElement))
                {
                    SkipValue(depth + 1);
                }

                break;
            case (byte)'"':
                ReadString();
                break;
            case (byte)'t':
                ExpectLiteral("true"u8);
                break;
            case (byte)'f':
                ExpectLiteral("false"u8);
                break;
            case (byte)'n':
                ExpectLiteral("null"u8);
                break;
            default:
                var position = Position;
                _ = JsonNumberParser.ParseFloat(Json, ref position);
                Position = position;
                break;
        }
    }

    private void ExpectLiteral(ReadOnlySpan<byte> literal)
    {
        if (!Json[Position..].StartsWith(literal))
        {
            throw Unexpected(Encoding.ASCII.GetString(literal));
        }

        Position += literal.Length;
    }

    private static string Unescape(ReadOnlySpan<byte> raw, int offset)
    {
        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                var end = raw[i..].IndexOf((byte)'\\');
                var run = end < 0 ? raw[i..] : raw.Slice(i, end);
                text.Append(Encoding.UTF8.GetString(run));
                i += run.Length - 1;
                continue;
            }

            i++;
            switch (raw[i])
            {
                case (byte)'"': text.Append('"'); break;
                case (byte)'\\': text.Append('\\'); break;
                case (byte)'/': text.Append('/'); break;
                case (byte)'b': text.Append('\b'); break;
                case (byte)'f': text.Append('\f'); break;
                case (byte)'n': text.Append('\n'); break;
                case (byte)'r': text.Append('\r'); break;
                case (byte)'t': text.Append('\t'); break;
                case (byte)'u' when i + 4 < raw.Length
                    && ushort.TryParse(raw.Slice(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    text.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw new MalformedPayloadException("Invalid escape in a JSON string.", offset + i - 1);
            }
        }

        return text.ToString();
    }
}
