using System.Globalization;
using System.Text;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Tests.Json;

public class JsonNumberParserTests
{
    // Random decimal strings checked against the framework's correctly rounding parser; about 1 s.
    private const int RandomStrings = 1 << 19;

    [Theory]
    [InlineData("0", 0f)]
    [InlineData("-0", -0f)]
    [InlineData("0.0", 0f)]
    [InlineData("1", 1f)]
    [InlineData("1.5e3", 1500f)]
    [InlineData("1.5E+3", 1500f)]
    [InlineData("25e-1", 2.5f)]
    [InlineData("0.003921568859368563", 1f / 255f)]
    [InlineData("3.4028235e38", float.MaxValue)]
    [InlineData("-3.4028235e38", float.MinValue)]
    [InlineData("1.401298464324817e-45", float.Epsilon)]
    [InlineData("8e-46", float.Epsilon)]
    [InlineData("7e-46", 0f)]
    [InlineData("1e-50", 0f)]
    [InlineData("12345678901234567890123456789", 1.2345679e28f)]
    [InlineData("0.000000000000000000000000000000000000000000001", float.Epsilon)]
    public void Parses_exactly(string text, float expected)
    {
        var position = 0;
        var value = JsonNumberParser.ParseFloat(Encoding.ASCII.GetBytes(text), ref position);
        Assert.Equal(BitConverter.SingleToUInt32Bits(expected), BitConverter.SingleToUInt32Bits(value));
        Assert.Equal(text.Length, position);
    }

    [Fact]
    public void Random_decimals_round_like_the_framework()
    {
        var random = new Random(7);
        for (var n = 0; n < RandomStrings; n++)
        {
            var digits = random.Next(1, 22);
            var mantissa = new StringBuilder();
            for (var d = 0; d < digits; d++)
            {
                mantissa.Append((char)('0' + random.Next(10)));
            }

            var text = $"{mantissa.ToString().TrimStart('0').PadLeft(1, '0')}e{random.Next(-60, 40)}";
            var expected = float.Parse(text, CultureInfo.InvariantCulture);
            if (float.IsInfinity(expected))
            {
                continue;
            }

            var position = 0;
            var value = JsonNumberParser.ParseFloat(Encoding.ASCII.GetBytes(text), ref position);
            if (BitConverter.SingleToUInt32Bits(expected) != BitConverter.SingleToUInt32Bits(value))
            {
                Assert.Fail($"'{text}' parsed as {value:R}, expected {expected:R}.");
            }
        }
    }

    [Fact]
    public void Float_midpoints_round_to_even()
    {
        // 1 + 2^-24 is exactly halfway between 1 and the next float: ties go to the even significand, 1.
        var position = 0;
        Assert.Equal(1f, JsonNumberParser.ParseFloat("1.000000059604644775390625"u8, ref position));
        position = 0;
        // A hair above the midpoint must round up.
        Assert.Equal(BitConverter.UInt32BitsToSingle(0x3F80_0001), JsonNumberParser.ParseFloat("1.0000000596046447753906251"u8, ref position));
    }

    [Theory]
    [InlineData("NaN", "NaN and Infinity")]
    [InlineData("Infinity", "NaN and Infinity")]
    [InlineData("-Infinity", "NaN and Infinity")]
    [InlineData("", "expected a JSON number")]
    [InlineData("-", "expected a JSON number")]
    [InlineData("+1", "expected a JSON number")]
    [InlineData("01", "expected a JSON number")]
    [InlineData(".5", "expected a JSON number")]
    [InlineData("1.", "expected a JSON number")]
    [InlineData("1e", "expected a JSON number")]
    [InlineData("1e+", "expected a JSON number")]
    [InlineData("\"1\"", "expected a JSON number")]
    [InlineData("1e39", "beyond float32's range")]
    [InlineData("-4e38", "beyond float32's range")]
    public void Rejects_what_is_not_a_finite_float32_JSON_number(string text, string problem)
    {
        var error = Assert.Throws<MalformedPayloadException>(() =>
        {
            var position = 0;
            JsonNumberParser.ParseFloat(Encoding.ASCII.GetBytes(text), ref position);
        });
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.OffsetBytes);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-1", -1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Parses_integers(string text, long expected)
    {
        var position = 0;
        Assert.Equal(expected, JsonNumberParser.ParseInt64(Encoding.ASCII.GetBytes(text), ref position));
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("00")]
    public void Rejects_non_integers(string text) =>
        Assert.Throws<MalformedPayloadException>(() =>
        {
            var position = 0;
            JsonNumberParser.ParseInt64(Encoding.ASCII.GetBytes(text), ref position);
        });
}
