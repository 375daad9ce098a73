using System.Net.Http.Headers;
using Toolkit.Bench.Protocols.Remote;

namespace Toolkit.Bootstrap.Tests.Protocols;

/// <summary>The SigV4 signer against AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE).</summary>
public sealed class SigV4SignerTests
{
    private const string AmzDate = "20150830T123600Z";
    private const string Scope = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=";

    private static readonly AwsCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal) { ["host"] = "example.amazonaws.com", ["x-amz-date"] = AmzDate };

    [Fact]
    public void Get_vanilla_matches_the_published_signature()
    {
        var signer = new SigV4Signer(Example, "us-east-1", "service");

        var authorization = signer.Authorization("GET", "/", "", Headers, [], AmzDate);

        Assert.Equal($"AWS4-HMAC-SHA256 {Scope}5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", authorization);
    }

    [Fact]
    public void Get_vanilla_query_order_key_case_sorts_the_query_before_signing()
    {
        var signer = new SigV4Signer(Example, "us-east-1", "service");

        var authorization = signer.Authorization("GET", "/", "?Param2=value2&Param1=value1", Headers, [], AmzDate);

        Assert.Equal($"AWS4-HMAC-SHA256 {Scope}b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", authorization);
    }

    [Fact]
    public async Task A_signed_request_carries_its_date_token_and_the_headers_it_signed()
    {
        var signer = new SigV4Signer(Example with { SessionToken = "token" }, "eu-west-1", RemoteTarget.SageMakerService);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://runtime.sagemaker.eu-west-1.amazonaws.com/endpoints/demo/invocations")
        {
            Content = new ByteArrayContent([1, 2, 3]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await signer.SignAsync(request, new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

        Assert.Equal(AmzDate, request.Headers.GetValues("x-amz-date").Single());
        Assert.Equal("token", request.Headers.GetValues("x-amz-security-token").Single());
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=", authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://runtime.sagemaker.eu-west-1.amazonaws.com/endpoints/x/invocations", null, "eu-west-1")]
    [InlineData("http://127.0.0.1:8080/invocations", "us-west-2", "us-west-2")]
    public void The_region_comes_from_the_runtime_host_else_the_environment(string url, string? environment, string expected)
    {
        Assert.Equal(expected, RemoteTarget.RegionOf(new Uri(url), name => name == "AWS_REGION" ? environment : null));
    }

    [Fact]
    public void Missing_credentials_are_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsCredentials.FromEnvironment(name => name == AwsCredentials.AccessKeyIdVariable ? "AKID" : null));
        Assert.Contains(AwsCredentials.SecretAccessKeyVariable, error.Message, StringComparison.Ordinal);
    }
}
