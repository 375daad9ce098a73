using System.Text;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Tests.Hosts.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Hosts;

/// <summary>How a SageMaker request's format is told from its media type and content, and the response's from Accept.</summary>
public class ContentNegotiationTests
{
    [Theory]
    [InlineData("application/json", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}]}", "kserve_json")]
    [InlineData("application/json", "{\"model_name\": \"m\", \"id\": \"7\", \"inputs\" : [ {\"name\": \"x\"}]}", "kserve_json")]
    [InlineData("application/json", "{\"inputs\": [[1, 2]]}", "tfserving_json")]
    [InlineData("application/json", "{\"signature_name\": \"serving_default\", \"inputs\": {\"x\": [[1, 2]]}}", "tfserving_json")]
    [InlineData("application/json", "{\"instances\": [[1, 2]]}", "tfserving_json")]
    [InlineData("Application/JSON; charset=utf-8", "{\"inputs\": [[1]]}", "tfserving_json")]
    [InlineData("application/octet-stream", "{\"inputs\": []}", "kserve_binary")]
    [InlineData("application/octet-stream", "\u0001\u0002\u0003\u0004", "raw")]
    public void Json_and_octet_stream_bodies_are_told_apart(string contentType, string body, string expected) =>
        Assert.Equal(expected, ContentNegotiation.RequestFormat(contentType, hasHeaderLength: false, Encoding.UTF8.GetBytes(body)).Name);

    [Theory]
    [InlineData("kserve_grpc")]
    [InlineData("tfserving_grpc")]
    public void Protobuf_requests_are_told_apart_by_their_fields(string format) =>
        Assert.Equal(format, ContentNegotiation.RequestFormat("application/x-protobuf", hasHeaderLength: false, Payloads.Request(format, TinyModel.Input(1), model: "tiny")).Name);

    [Fact]
    public void The_kserve_header_length_wins_over_the_media_type() =>
        Assert.Equal("kserve_binary", ContentNegotiation.RequestFormat("application/json", hasHeaderLength: true, "{}"u8).Name);

    [Theory]
    [InlineData("text/csv; q=1, application/json; q=0.5", "tfserving_json", "tfserving_json")]
    [InlineData("*/*", "kserve_binary", "kserve_binary")]
    [InlineData("application/octet-stream", "tfserving_json", "raw")]
    [InlineData("application/x-protobuf", "kserve_json", "kserve_grpc")]
    [InlineData("application/json", "raw", "kserve_json")]
    public void Accept_picks_the_media_type_within_the_requests_family(string accept, string request, string expected)
    {
        var requestFormat = request == "raw" ? RawTensorFormat.Instance : Serialization.Formats.WireFormats.Get(request);
        Assert.Equal(expected, ContentNegotiation.ResponseFormat(accept, requestFormat).Name);
    }

    [Fact]
    public void An_unknown_media_type_is_415_and_names_what_is_accepted()
    {
        var error = Assert.Throws<HttpStatusException>(() => ContentNegotiation.RequestFormat("text/csv", hasHeaderLength: false, "1,2"u8));
        Assert.Equal(415, error.StatusCode);
        Assert.Contains("text/csv", error.Message, StringComparison.Ordinal);
    }
}
