using System.Text;
using System.Text.Json;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Tests.Hosts.Lambda.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Hosts.Lambda;

/// <summary>Bad input gets /error with an errorType (direct) or a 4xx proxy response (proxy), and the next request succeeds.</summary>
public class LambdaBadInputTests
{
    public static TheoryData<string, string> DirectCases => new()
    {
        { """{"inputs":[{"name":"x","shape":[1,16],"datatype":"FP32","data":[1,2,""", LambdaErrorTypes.Malformed },
        { """{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[NaN,1]}]}""", LambdaErrorTypes.Malformed },
        { """{"instances":[[NaN]]}""", LambdaErrorTypes.Malformed },
        { """{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""", LambdaErrorTypes.InputMismatch },
        { """{"inputs":[{"name":"x","shape":[1,16],"datatype":"INT32","data":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}]}""", LambdaErrorTypes.InputMismatch },
        { """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2]}]}""", LambdaErrorTypes.ShapeMismatch },
        { """{"model_name":"resnet50","inputs":[{"name":"x","shape":[1,16],"datatype":"FP32","data":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}]}""", LambdaErrorTypes.UnknownModel },
        { """{"something":"else"}""", LambdaErrorTypes.Malformed },
        { """[1,2,3]""", LambdaErrorTypes.Malformed },
        { "", LambdaErrorTypes.Malformed },
    };

    [Theory]
    [MemberData(nameof(DirectCases))]
    public async Task A_bad_direct_invoke_is_reported_on_error_with_its_class_and_the_next_request_succeeds(string body, string errorType)
    {
        await using var lambda = await InProcessLambda.StartAsync();

        var bad = await lambda.InvokeAsync(Encoding.UTF8.GetBytes(body));
        var good = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));

        Assert.True(bad.IsError, bad.BodyText);
        Assert.Equal(errorType, bad.ErrorType);
        Assert.Equal(errorType, LambdaError.Parse(bad.Body).ErrorType);
        Assert.NotEmpty(LambdaError.Parse(bad.Body).ErrorMessage);
        Assert.False(good.IsError, good.BodyText);
    }

    [Fact]
    public async Task An_event_over_six_mebibytes_is_too_large()
    {
        await using var lambda = await InProcessLambda.StartAsync();
        var body = new byte[(int)InvocationHandler.MaxPayloadBytes + 1];
        Array.Fill(body, (byte)' ');
        body[0] = (byte)'{';
        body[^1] = (byte)'}';

        var bad = await lambda.InvokeAsync(body);
        var good = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));

        Assert.Equal(LambdaErrorTypes.TooLarge, bad.ErrorType);
        Assert.False(good.IsError, good.BodyText);
    }

    public static TheoryData<byte[], string, string, int> ProxyCases => new()
    {
        { Encoding.UTF8.GetBytes("x=1"), "application/x-www-form-urlencoded", "/", 415 },
        { Encoding.UTF8.GetBytes("""{"inputs":[{"name":"x","shape":[1,16],"datatype":"FP32","data":[1,"""), "application/json", "/", 400 },
        { Events.Direct("kserve_grpc", TinyModel.Request())[..40], "application/x-protobuf", "/", 400 },
        { Events.Direct("kserve_json", TinyModel.Request()), "application/json", "/v2/models/other/infer", 404 },
        { Events.Direct("tfserving_json", TinyModel.Request()), "application/json", "/v1/models/other:predict", 404 },
    };

    [Theory]
    [MemberData(nameof(ProxyCases))]
    public async Task A_bad_proxy_event_gets_a_4xx_proxy_response_with_an_error_field_and_the_next_request_succeeds(byte[] body, string contentType, string rawPath, int status)
    {
        await using var lambda = await InProcessLambda.StartAsync();

        var bad = await lambda.InvokeAsync(Events.Proxy(body, base64: true, contentType, rawPath: rawPath));
        var good = await lambda.InvokeAsync(Events.Proxy(Events.Direct("kserve_json", TinyModel.Request()), base64: false, "application/json", rawPath: "/v2/models/tiny/infer"));

        Assert.False(bad.IsError, bad.BodyText);
        var (badStatus, badHeaders, badBody) = Events.ReadProxyResponse(bad.Body);
        Assert.Equal(status, badStatus);
        Assert.Equal("application/json", badHeaders["content-type"]);
        using var error = JsonDocument.Parse(badBody);
        Assert.NotEmpty(error.RootElement.GetProperty("error").GetString()!);
        Assert.Equal(200, Events.ReadProxyResponse(good.Body).Status);
    }

    [Fact]
    public async Task A_proxy_event_whose_body_is_not_base64_is_malformed()
    {
        await using var lambda = await InProcessLambda.StartAsync();
        var proxy = Encoding.UTF8.GetBytes("""{"version":"2.0","headers":{"content-type":"application/octet-stream"},"body":"@@not base64@@","isBase64Encoded":true}""");

        var bad = await lambda.InvokeAsync(proxy);

        Assert.Equal(400, Events.ReadProxyResponse(bad.Body).Status);
    }

    [Fact]
    public async Task An_accept_header_naming_no_format_gets_406()
    {
        await using var lambda = await InProcessLambda.StartAsync();

        var bad = await lambda.InvokeAsync(Events.Proxy(Events.Direct("kserve_json", TinyModel.Request()), base64: false, "application/json", accept: "text/csv"));

        Assert.Equal(406, Events.ReadProxyResponse(bad.Body).Status);
    }
}
