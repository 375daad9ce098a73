using System.Globalization;
using System.Text;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Tests.Json;

/// <summary>
/// The array codec's fast paths: the reader takes fraction digits a whole 8-byte word at a time and builds the float
/// with Clinger's exact path, and the writer formats blocks of values in registers. The word reads only happen far
/// from the end of the input, so each number here is read from inside a padded array, followed by a separator.
/// </summary>
public class JsonFloatFastPathTests
{
    // Zeros after the numbers under test keep them clear of the input's end, where the reader goes one number at a time.
    private const int PaddingValues = 64;

    // Random strings checked against the framework's correctly rounding parser, read as one array.
    private const int RandomStrings = 1 << 17;

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("-0.0")]
    [InlineData("9")]
    [InlineData("1234567")]
    [InlineData("12345678")]
    [InlineData("0.47843137")]
    [InlineData("0.123456789")]
    [InlineData("0.1234567890123456")]
    [InlineData("0.12345678901234567")]
    [InlineData("1234567.123456789012")]
    [InlineData("1234567.1234567890123")]
    [InlineData("999999999e-9")]
    [InlineData("1e22")]
    [InlineData("1e23")]
    [InlineData("1e-22")]
    [InlineData("1.5e-23")]
    [InlineData("1E+2")]
    [InlineData("123.456e2")]
    [InlineData("1e+0")]
    [InlineData("1e-0")]
    [InlineData("3.4028235e38")]
    [InlineData("3.40282356e38")]
    [InlineData("-3.4028235e38")]
    [InlineData("1.17549435e-38")]
    [InlineData("1.1754942e-38")]
    [InlineData("1e-45")]
    [InlineData("-1.401298e-45")]
    [InlineData("7e-46")]
    [InlineData("1e-400")]
    [InlineData("1677721.7e1")]
    [InlineData("0.16777217e8")]
    [InlineData("1677721.9e1")]
    [InlineData("0.100000001490116119384765625")]
    [InlineData("0.003921569")]
    public void Numbers_inside_an_array_parse_exactly(string text)
    {
        var expected = BitConverter.SingleToUInt32Bits(float.Parse(text, CultureInfo.InvariantCulture));
        foreach (var separator in (string[])[",", ", ", ",\n  "])
        {
            var values = ReadPadded(text, separator);
            Assert.Equal(expected, BitConverter.SingleToUInt32Bits(values[0]));
            Assert.Equal(expected, BitConverter.SingleToUInt32Bits(values[1]));
        }
    }

    [Theory]
    [InlineData("3.4028237e38")]
    [InlineData("1e39")]
    [InlineData("01")]
    [InlineData("-01.5")]
    [InlineData("1.")]
    [InlineData("1.e5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData(".5")]
    [InlineData("1.5.3")]
    [InlineData("1e5e5")]
    [InlineData("0x10")]
    [InlineData("1 2")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("1,")]
    [InlineData("\"1\"")]
    [InlineData("[1]")]
    public void Bad_numbers_inside_an_array_are_refused(string text) =>
        Assert.Throws<MalformedPayloadException>(() => ReadPadded(text, ","));

    [Fact]
    public void Random_decimals_inside_an_array_round_like_the_framework()
    {
        var random = new Random(11);
        var texts = new string[RandomStrings];
        for (var n = 0; n < texts.Length; n++)
        {
            var integer = random.Next(0, 3) == 0 ? "0" : random.NextInt64(1, 10_000_000).ToString(CultureInfo.InvariantCulture);
            var fraction = new StringBuilder();
            var fractionDigits = random.Next(0, 14);
            for (var d = 0; d < fractionDigits; d++)
            {
                fraction.Append((char)('0' + random.Next(10)));
            }

            var text = fractionDigits > 0 ? $"{integer}.{fraction}" : integer;
            if (random.Next(2) == 0)
            {
                text += $"e{random.Next(-50, 35)}";
            }

            text = random.Next(4) == 0 ? "-" + text : text;
            texts[n] = float.IsFinite(float.Parse(text, CultureInfo.InvariantCulture)) ? text : "1e38";
        }

        var json = Encoding.ASCII.GetBytes("[" + string.Join(",", texts) + "]");
        var values = new float[texts.Length];
        Assert.Equal(texts.Length, JsonFloatArray.Read(json, values));
        for (var n = 0; n < texts.Length; n++)
        {
            var expected = float.Parse(texts[n], CultureInfo.InvariantCulture);
            if (BitConverter.SingleToUInt32Bits(expected) != BitConverter.SingleToUInt32Bits(values[n]))
            {
                Assert.Fail($"'{texts[n]}' read as {values[n]:R}, expected {expected:R}.");
            }
        }
    }

    [Fact]
    public void Arrays_of_every_length_around_the_block_size_write_what_single_values_write()
    {
        var random = new Random(3);
        Span<byte> single = stackalloc byte[JsonFloatFormatter.MaxLengthBytes];
        for (var length = 0; length <= 200; length++)
        {
            var values = new float[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = random.Next(6) switch
                {
                    0 => random.Next(256) / 255f,
                    1 => BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 0x7F80_0000)) * (random.Next(2) == 0 ? 1 : -1),
                    2 => random.Next(-100_000, 100_000),
                    3 => (float)(random.NextDouble() * 1000),
                    4 => BitConverter.UInt32BitsToSingle((uint)random.Next(0, 1 << 23)),
                    _ => -0f,
                };
            }

            var expected = new StringBuilder("[");
            for (var i = 0; i < length; i++)
            {
                expected.Append(i > 0 ? "," : "").Append(Encoding.ASCII.GetString(single[..JsonFloatFormatter.Format(values[i], single)]));
            }

            var output = new Utf8Buffer();
            JsonFloatArray.Write(values, output);
            Assert.Equal(expected.Append(']').ToString(), Encoding.ASCII.GetString(output.WrittenSpan));
            var back = new float[length];
            Assert.Equal(length, JsonFloatArray.Read(output.WrittenSpan, back));
            Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), back.Select(BitConverter.SingleToUInt32Bits));
        }
    }

    [Fact]
    public void Groups_of_eight_general_values_write_what_single_values_write()
    {
        // Normal floats with fraction bits and every biased exponent, both signs: the lanes the vector path takes.
        var random = new Random(8);
        var values = new float[1 << 18];
        for (var i = 0; i < values.Length; i++)
        {
            var exponent = (uint)(1 + (i % 254));
            var fraction = (uint)random.Next(1, 1 << 23);
            values[i] = BitConverter.UInt32BitsToSingle(((uint)random.Next(2) << 31) | (exponent << 23) | fraction);
        }

        AssertWritesLikeSingleValues(values);
    }

    [Fact]
    public void A_group_with_one_special_lane_anywhere_writes_what_single_values_write()
    {
        // Each of these sends its group of eight to the scalar path; the other seven are general values.
        float[] specials = [0f, -0f, 1f, 0.5f, 3f, 16777216f, 1e-40f, float.Epsilon, float.MaxValue];
        var values = new List<float>();
        foreach (var special in specials)
        {
            for (var lane = 0; lane < 8; lane++)
            {
                values.AddRange(Enumerable.Range(0, 8).Select(i => i == lane ? special : (i + 1) / 255f));
            }
        }

        AssertWritesLikeSingleValues([.. values]);
    }

    private static void AssertWritesLikeSingleValues(float[] values)
    {
        Span<byte> single = stackalloc byte[JsonFloatFormatter.MaxLengthBytes];
        var expected = new StringBuilder("[");
        for (var i = 0; i < values.Length; i++)
        {
            expected.Append(i > 0 ? "," : "").Append(Encoding.ASCII.GetString(single[..JsonFloatFormatter.Format(values[i], single)]));
        }

        var output = new Utf8Buffer();
        JsonFloatArray.Write(values, output);
        Assert.Equal(expected.Append(']').ToString(), Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData(123.45f, "123.45")]
    [InlineData(-123.45f, "-123.45")]
    [InlineData(12345678f, "12345678")]
    [InlineData(1234567.9f, "1234567.9")]
    [InlineData(12345.679f, "12345.679")]
    [InlineData(1.2345679f, "1.2345679")]
    [InlineData(123456790f, "123456790")]
    [InlineData(999999940f, "999999940")]
    [InlineData(0.012345679f, "0.012345679")]
    [InlineData(0.0012345679f, "0.001234568")]
    [InlineData(1.2345679e-4f, "1.2345679e-4")]
    [InlineData(1.0e-10f, "1e-10")]
    [InlineData(-9.99e-39f, "-9.99e-39")]
    [InlineData(1e10f, "1e10")]
    [InlineData(1.5e10f, "1.5e10")]
    [InlineData(4194304.5f, "4194304.5")]
    [InlineData(16777215f, "16777215")]
    public void Every_layout_is_written_as_expected(float value, string expected)
    {
        var output = new Utf8Buffer();
        JsonFloatArray.Write([value, value], output);
        Assert.Equal($"[{expected},{expected}]", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    private static float[] ReadPadded(string text, string separator)
    {
        var json = "[" + text + separator + text + separator + string.Join(separator, Enumerable.Repeat("0", PaddingValues)) + "]";
        var values = new float[PaddingValues + 2];
        Assert.Equal(values.Length, JsonFloatArray.Read(Encoding.ASCII.GetBytes(json), values));
        return values;
    }
}
