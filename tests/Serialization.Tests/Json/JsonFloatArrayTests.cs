using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Tests.Json;

public class JsonFloatArrayTests
{
    [Fact]
    public void Round_trips_and_writes_compact_arrays()
    {
        float[] values = [0f, -0f, 1.5f, float.Epsilon, float.MaxValue, 1f / 3f];
        var output = new Utf8Buffer();
        JsonFloatArray.Write(values, output);
        Assert.Equal("[0,-0,1.5,1e-45,3.4028235e38,0.33333334]", System.Text.Encoding.ASCII.GetString(output.WrittenSpan));
        var back = new float[values.Length];
        Assert.Equal(values.Length, JsonFloatArray.Read(output.WrittenSpan, back));
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), back.Select(BitConverter.SingleToUInt32Bits));
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("[1,,2]")]
    [InlineData("[1 2]")]
    [InlineData("[1,2")]
    [InlineData("[1,NaN]")]
    [InlineData("[1] 2")]
    public void Rejects_bad_arrays(string json) =>
        Assert.Throws<MalformedPayloadException>(() => JsonFloatArray.Read(System.Text.Encoding.ASCII.GetBytes(json), new float[2]));

    [Fact]
    public void Accepts_whitespace() =>
        Assert.Equal(2, JsonFloatArray.Read(" [ 1 , 2 ] "u8, new float[2]));
}
