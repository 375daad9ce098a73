using Toolkit.Bench.Protocols;

namespace Toolkit.Bootstrap.Tests.Protocols;

public class ServerTimingHeaderTests
{
    [Fact]
    public void The_steps_are_read_after_the_cold_start_entries()
    {
        var steps = ServerTimingHeader.Parse("runtime_init;dur=4.1, model_load;dur=0, first_inference;dur=31, decode;dur=0.412, infer;dur=11.3, encode;dur=0.05");

        Assert.Equal((0.412, 11.3, 0.05), steps);
    }

    [Theory]
    [InlineData(null, "no Server-Timing")]
    [InlineData("runtime_init;dur=4.1", "'decode;dur=")]
    [InlineData("decode;dur=1, infer;dur=2", "'encode;dur=")]
    public void A_value_without_the_three_steps_is_refused_by_name(string? value, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => ServerTimingHeader.Parse(value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
