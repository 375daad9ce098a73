using System.Globalization;
using System.Text;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Tests.Json;

/// <summary>
/// The array reader's 16-byte window path (numbers with at most a two-digit exponent, followed by ',' or ']' inside
/// one vector load) against the
/// framework's correctly rounding parser, and its hand-off to the scalar parser for everything it does not take.
/// Every array here ends in enough spaces that its last number is read through the window too.
/// </summary>
public class JsonFloatWindowPathTests
{
    // Trailing spaces so that even the last number has a whole window of readable bytes after its first byte.
    private const string Tail = "                ";

    // Random float32 bit patterns written and read back as one array; about a second.
    private const int RandomPatterns = 1 << 20;

    [Fact]
    public void Every_plain_shape_that_fits_the_window_parses_exactly()
    {
        // Sign, 1 to 15 integer digits, 0 to 13 fraction digits: every length up to the window's 15 + terminator,
        // and the longer ones that spill past it and go to the scalar parser.
        var random = new Random(21);
        var texts = new List<string>();
        foreach (var sign in (string[])["", "-"])
        {
            for (var integerDigits = 1; integerDigits <= 16; integerDigits++)
            {
                for (var fractionDigits = 0; fractionDigits <= 15; fractionDigits++)
                {
                    for (var sample = 0; sample < 40; sample++)
                    {
                        var text = sign + RandomPlain(random, integerDigits, fractionDigits) + RandomExponent(random, sample);
                        if (float.IsFinite(float.Parse(text, CultureInfo.InvariantCulture)))
                        {
                            texts.Add(text);
                        }
                    }
                }
            }
        }

        AssertReadsLikeTheFramework(texts, ",");
        AssertReadsLikeTheFramework(texts, ", ");
    }

    [Theory]
    [InlineData("16777217")] // 2^24 + 1: the division gives a double exactly on a float midpoint, so the scalar path decides
    [InlineData("16777219")]
    [InlineData("-33554434")]
    [InlineData("16777217.0")]
    [InlineData("8388608.5")]
    [InlineData("8388609.5")]
    [InlineData("0.1234567890123")] // 15 bytes: the longest number the window takes
    [InlineData("0.12345678901234")] // 16 bytes: no terminator inside the window
    [InlineData("123456789012345")]
    [InlineData("999999999999999")]
    [InlineData("0.0000000000001")]
    [InlineData("-0")]
    [InlineData("-0.000")]
    [InlineData("0.47843137")]
    [InlineData("1e5")]
    [InlineData("1.5E-3")]
    [InlineData("1.414342e-4")]
    [InlineData("-4.6826008e-4")]
    [InlineData("1e22")]
    [InlineData("1e-22")]
    [InlineData("9.99e22")] // 999 × 10^20: inside Clinger's range
    [InlineData("0.5e-21")] // 5 × 10^-22
    [InlineData("0.5e-22")] // 5 × 10^-23: outside, to the scalar path
    [InlineData("1e23")]
    [InlineData("12345e30")]
    [InlineData("1e+05")]
    [InlineData("1e005")] // three exponent digits: the scalar path
    [InlineData("-0e0")]
    [InlineData("16777217e0")]
    [InlineData("1.6777217e7")]
    [InlineData("3.4028235e38")]
    [InlineData("1.1754944e-38")]
    public void Window_numbers_and_their_hand_offs_parse_exactly(string text)
    {
        var expected = BitConverter.SingleToUInt32Bits(float.Parse(text, CultureInfo.InvariantCulture));
        var values = Read($"[{text},{text}, {text} ,{text}]{Tail}", 4);
        Assert.All(values, value => Assert.Equal(expected, BitConverter.SingleToUInt32Bits(value)));
    }

    [Theory]
    [InlineData("00")]
    [InlineData("01.5")]
    [InlineData("-01")]
    [InlineData("-00.5")]
    [InlineData("1.")]
    [InlineData("-1.")]
    [InlineData("-")]
    [InlineData("--1")]
    [InlineData("-.5")]
    [InlineData(".5")]
    [InlineData("1.5.3")]
    [InlineData("1..5")]
    [InlineData("1-2")]
    [InlineData("1.5-")]
    [InlineData("1.-5")]
    [InlineData("+1")]
    [InlineData("1.5e")]
    [InlineData("1.5x")]
    [InlineData("0x1")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1e-,")]
    [InlineData("1.e5")]
    [InlineData("1e5e5")]
    [InlineData("1e5.5")]
    [InlineData("1e--5")]
    [InlineData("1f5")]
    [InlineData("00e1")]
    [InlineData("3.4028237e38")]
    [InlineData("1,,")]
    [InlineData("1]")]
    [InlineData("")]
    public void Malformed_numbers_in_the_window_are_refused(string text)
    {
        foreach (var json in (string[])[$"[{text},0.5,0.25]{Tail}", $"[0.5,{text},0.25]{Tail}", $"[0.5,0.25,{text}]{Tail}"])
        {
            Assert.Throws<MalformedPayloadException>(() => JsonFloatArray.Read(Encoding.ASCII.GetBytes(json), new float[8]));
        }
    }

    [Fact]
    public void Random_bit_patterns_round_trip_through_an_array()
    {
        var random = new Random(5);
        var values = new float[RandomPatterns];
        for (var i = 0; i < values.Length; i++)
        {
            // Half any finite pattern, half in the plain range (0.001 to 1e9) that the window path takes.
            var bits = i % 2 == 0 ? (uint)random.NextInt64(0, 0x7F80_0000) : (uint)random.Next(0x3A83_126F, 0x4E6E_6B28);
            values[i] = BitConverter.UInt32BitsToSingle(bits | ((uint)random.Next(2) << 31));
        }

        var output = new Utf8Buffer();
        JsonFloatArray.Write(values, output);
        var back = new float[values.Length];
        Assert.Equal(values.Length, JsonFloatArray.Read(output.WrittenSpan, back));
        for (var i = 0; i < values.Length; i++)
        {
            if (BitConverter.SingleToUInt32Bits(values[i]) != BitConverter.SingleToUInt32Bits(back[i]))
            {
                Assert.Fail($"{values[i]:R} read back as {back[i]:R}.");
            }
        }
    }

    [Fact]
    public void Rows_closed_by_brackets_read_through_the_window()
    {
        var values = Read($"[0.5,1.25,-3]{Tail}", 3);
        Assert.Equal([0.5f, 1.25f, -3f], values);
    }

    private static string RandomPlain(Random random, int integerDigits, int fractionDigits)
    {
        var text = new StringBuilder();
        text.Append(integerDigits == 1 ? (char)('0' + random.Next(10)) : (char)('1' + random.Next(9)));
        for (var d = 1; d < integerDigits; d++)
        {
            text.Append((char)('0' + random.Next(10)));
        }

        if (fractionDigits > 0)
        {
            text.Append('.');
            for (var d = 0; d < fractionDigits; d++)
            {
                // Runs of zeros and nines now and then: values next to a power of ten and trailing zeros.
                text.Append(random.Next(4) switch { 0 => '0', 1 => '9', _ => (char)('0' + random.Next(10)) });
            }
        }

        return text.ToString();
    }

    private static string RandomExponent(Random random, int sample) => (sample % 4) switch
    {
        0 or 1 => "",
        2 => $"e{random.Next(-30, 30)}",
        _ => $"{(random.Next(2) == 0 ? 'E' : 'e')}{(random.Next(2) == 0 ? "+" : "-")}{random.Next(0, 25):D2}",
    };

    private static void AssertReadsLikeTheFramework(List<string> texts, string separator)
    {
        var values = Read("[" + string.Join(separator, texts) + "]" + Tail, texts.Count);
        for (var n = 0; n < texts.Count; n++)
        {
            var expected = float.Parse(texts[n], CultureInfo.InvariantCulture);
            if (BitConverter.SingleToUInt32Bits(expected) != BitConverter.SingleToUInt32Bits(values[n]))
            {
                Assert.Fail($"'{texts[n]}' read as {values[n]:R}, expected {expected:R}.");
            }
        }
    }

    private static float[] Read(string json, int count)
    {
        var values = new float[count];
        Assert.Equal(count, JsonFloatArray.Read(Encoding.ASCII.GetBytes(json), values));
        return values;
    }
}
