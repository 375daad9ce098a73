using System.Globalization;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>
/// Python's <c>repr</c> of a float32 widened to double, which is what <c>json.dumps(array.tolist())</c> writes:
/// the shortest double digits, ".0" on integral values, and exponent form ("1e-05", "1e+16") below 1e-4 and from
/// 1e16. It exists only to reproduce the size of the paper's REST payloads, so it leans on the framework's
/// shortest double digits instead of a codec of its own.
/// </summary>
internal static class PythonFloatRepr
{
    public const int MaxLengthBytes = 32;

    // Python's float repr uses plain notation for decimal exponents in [-4, 16).
    private const int MinPlainExponent = -4;
    private const int MaxPlainExponent = 16;

    public static int Write(float value, Span<byte> destination)
    {
        double widened = value;
        Span<byte> shortest = stackalloc byte[32];
        widened.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        shortest = shortest[..length];

        // Split the framework's text into sign, significant digits and the decimal point's position.
        var position = 0;
        var negative = shortest[0] == '-';
        if (negative)
        {
            destination[position++] = (byte)'-';
        }

        Span<byte> digits = stackalloc byte[24];
        var digitCount = 0;
        var pointPosition = 0; // value = 0.d1d2… × 10^pointPosition
        var seenPoint = false;
        var exponentAt = shortest.IndexOf((byte)'E');
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        foreach (var b in mantissa)
        {
            if (b == '.')
            {
                seenPoint = true;
            }
            else if (b is >= (byte)'0' and <= (byte)'9')
            {
                if (digitCount == 0 && b == '0')
                {
                    if (seenPoint)
                    {
                        pointPosition--;
                    }

                    continue;
                }

                digits[digitCount++] = b;
                if (!seenPoint)
                {
                    pointPosition++;
                }
            }
        }

        if (exponentAt >= 0)
        {
            pointPosition += int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        while (digitCount > 1 && digits[digitCount - 1] == '0')
        {
            digitCount--;
        }

        if (digitCount == 0)
        {
            "0.0"u8.CopyTo(destination[position..]);
            return position + 3;
        }

        digits = digits[..digitCount];
        var exponent = pointPosition - 1;
        if (exponent is >= MinPlainExponent and < MaxPlainExponent)
        {
            if (pointPosition <= 0)
            {
                "0."u8.CopyTo(destination[position..]);
                position += 2;
                destination.Slice(position, -pointPosition).Fill((byte)'0');
                position += -pointPosition;
                digits.CopyTo(destination[position..]);
                return position + digitCount;
            }

            if (pointPosition >= digitCount)
            {
                digits.CopyTo(destination[position..]);
                position += digitCount;
                destination.Slice(position, pointPosition - digitCount).Fill((byte)'0');
                position += pointPosition - digitCount;
                ".0"u8.CopyTo(destination[position..]);
                return position + 2;
            }

            digits[..pointPosition].CopyTo(destination[position..]);
            position += pointPosition;
            destination[position++] = (byte)'.';
            digits[pointPosition..].CopyTo(destination[position..]);
            return position + digitCount - pointPosition;
        }

        destination[position++] = digits[0];
        if (digitCount > 1)
        {
            destination[position++] = (byte)'.';
            digits[1..].CopyTo(destination[position..]);
            position += digitCount - 1;
        }

        destination[position++] = (byte)'e';
        destination[position++] = exponent < 0 ? (byte)'-' : (byte)'+';
        Math.Abs(exponent).TryFormat(destination[position..], out var exponentLength, "00", CultureInfo.InvariantCulture);
        return position + exponentLength;
    }
}
