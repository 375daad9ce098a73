using System.Globalization;
using System.Text;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Tests.Json;

public class JsonFloatFormatterTests
{
    // 2^21 random bit patterns take about 1 s here and cover every exponent many times over.
    private const int RandomPatterns = 1 << 21;

    [Theory]
    [InlineData(0f, "0")]
    [InlineData(-0f, "-0")]
    [InlineData(1f, "1")]
    [InlineData(-2f, "-2")]
    [InlineData(16777216f, "16777216")]
    [InlineData(0.5f, "0.5")]
    [InlineData(0.1f, "0.1")]
    [InlineData(1f / 255f, "0.003921569")]
    [InlineData(123.45f, "123.45")]
    [InlineData(0.001f, "0.001")]
    [InlineData(0.00015f, "1.5e-4")]
    [InlineData(1e-5f, "1e-5")]
    [InlineData(1e9f, "1e9")]
    [InlineData(float.MaxValue, "3.4028235e38")]
    [InlineData(float.MinValue, "-3.4028235e38")]
    [InlineData(float.Epsilon, "1e-45")]
    [InlineData(1.17549435e-38f, "1.1754944e-38")]
    public void Writes_the_expected_text(float value, string expected) => Assert.Equal(expected, Format(value));

    [Fact]
    public void Random_bit_patterns_round_trip_and_are_as_short_as_the_framework_shortest()
    {
        var random = new Random(20261127);
        Span<byte> buffer = stackalloc byte[JsonFloatFormatter.MaxLengthBytes];
        for (var n = 0; n < RandomPatterns; n++)
        {
            var value = BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32));
            if (!float.IsFinite(value))
            {
                continue;
            }

            var length = JsonFloatFormatter.Format(value, buffer);
            var position = 0;
            var back = JsonNumberParser.ParseFloat(buffer[..length], ref position);
            if (BitConverter.SingleToUInt32Bits(back) != BitConverter.SingleToUInt32Bits(value) || position != length)
            {
                Assert.Fail($"{value:R} wrote '{Encoding.ASCII.GetString(buffer[..length])}' which read back as {back:R}.");
            }

            var frameworkDigits = SignificantDigits(value.ToString("R", CultureInfo.InvariantCulture));
            var ourDigits = SignificantDigits(Encoding.ASCII.GetString(buffer[..length]));
            if (ourDigits > frameworkDigits)
            {
                Assert.Fail($"{value:R}: {ourDigits} digits, the framework needs {frameworkDigits}.");
            }
        }
    }

    [Fact]
    public void Every_subnormal_below_two_to_the_minus_140_and_every_small_integer_round_trip()
    {
        Span<byte> buffer = stackalloc byte[JsonFloatFormatter.MaxLengthBytes];
        for (uint bits = 1; bits < 1 << 9; bits++)
        {
            var value = BitConverter.UInt32BitsToSingle(bits);
            AssertRoundTrip(value, buffer);
            Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant().Replace("e-0", "e-", StringComparison.Ordinal).Replace("e+", "e", StringComparison.Ordinal), Format(value));
        }

        for (var integer = -70_000; integer <= 70_000; integer++)
        {
            AssertRoundTrip(integer, buffer);
            Assert.Equal(integer.ToString(CultureInfo.InvariantCulture), Format(integer));
        }
    }

    [Fact]
    public void Every_k_over_255_pixel_round_trips()
    {
        Span<byte> buffer = stackalloc byte[JsonFloatFormatter.MaxLengthBytes];
        for (var k = 0; k <= 255; k++)
        {
            AssertRoundTrip(k / 255f, buffer);
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Refuses_values_without_a_JSON_form(float value)
    {
        var error = Assert.Throws<MalformedPayloadException>(() => Format(value));
        Assert.Contains("NaN and Infinity", error.Message, StringComparison.Ordinal);
    }

    private static void AssertRoundTrip(float value, Span<byte> buffer)
    {
        var length = JsonFloatFormatter.Format(value, buffer);
        var position = 0;
        Assert.Equal(BitConverter.SingleToUInt32Bits(value), BitConverter.SingleToUInt32Bits(JsonNumberParser.ParseFloat(buffer[..length], ref position)));
    }

    private static string Format(float value)
    {
        var buffer = new byte[JsonFloatFormatter.MaxLengthBytes];
        return Encoding.ASCII.GetString(buffer, 0, JsonFloatFormatter.Format(value, buffer));
    }

    private static int SignificantDigits(string text)
    {
        var mantissa = text.Split('e', 'E')[0].Replace("-", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        return Math.Max(mantissa.Length, 1);
    }
}
