using System.Runtime.CompilerServices;
using System.Text;

namespace Toolkit.Serialization.Json;

/// <summary>
/// A growable byte buffer that JSON documents are written into. Callers size it up front from the tensor
/// element counts, so large payloads are written without regrowing.
/// </summary>
public sealed class Utf8Buffer(int initialCapacityBytes = 256)
{
    private byte[] buffer = new byte[Math.Max(initialCapacityBytes, 16)];

    public int LengthBytes { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, LengthBytes);

    /// <summary>A span of at least <paramref name="sizeBytes"/> free bytes; call <see cref="Advance"/> after writing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeBytes)
    {
        if (buffer.Length - LengthBytes < sizeBytes)
        {
            Grow(sizeBytes);
        }

        return buffer.AsSpan(LengthBytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int countBytes) => LengthBytes += countBytes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte value)
    {
        if (LengthBytes == buffer.Length)
        {
            Grow(1);
        }

        buffer[LengthBytes++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        LengthBytes += bytes.Length;
    }

    /// <summary>Writes <paramref name="text"/> as a JSON string, quotes and escapes included.</summary>
    public void WriteString(string text)
    {
        Write((byte)'"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    Write("\\\""u8);
                    break;
                case '\\':
                    Write("\\\\"u8);
                    break;
                case < 0x20:
                    var escape = GetSpan(6);
                    "\\u00"u8.CopyTo(escape);
                    ((byte)rune.Value).TryFormat(escape[4..], out _, "x2", System.Globalization.CultureInfo.InvariantCulture);
                    Advance(6);
                    break;
                default:
                    Advance(rune.EncodeToUtf8(GetSpan(4)));
                    break;
            }
        }

        Write((byte)'"');
    }

    /// <summary>Writes an ASCII literal such as a property name with its quotes and colon.</summary>
    public void WriteAscii(string literal) => Advance(Encoding.ASCII.GetBytes(literal, GetSpan(literal.Length)));

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Clear() => LengthBytes = 0;

    private void Grow(int sizeBytes)
    {
        var newSize = Math.Max(checked(LengthBytes + sizeBytes), buffer.Length * 2);
        Array.Resize(ref buffer, newSize);
    }
}
