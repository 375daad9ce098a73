using System.Text.Json;
using System.Text.RegularExpressions;
using Toolkit.Bootstrap.Tests.Aot;

namespace Toolkit.Bootstrap.Tests.Images;

/// <summary>
/// The deployment descriptors under images/ stay inside the platform limits DESIGN.md lists and agree with the
/// Dockerfiles and build.sh. Text checks: no cloud account is needed, and no YAML library either.
/// </summary>
public sealed partial class DeploymentDescriptorTests
{
    private static readonly string Images = Path.Combine(PublishedBootstrap.RepositoryRoot, "images");

    [Fact]
    public void The_sagemaker_serverless_config_is_within_the_memory_and_concurrency_limits()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Images, "sagemaker", "endpoint-config.json")));
        var variants = document.RootElement.GetProperty("ProductionVariants").EnumerateArray().ToList();
        Assert.NotEmpty(variants);
        foreach (var serverless in variants.Select(v => v.GetProperty("ServerlessConfig")))
        {
            // Serverless memory is one of 1024, 2048, ... 6144 MB; concurrency 1 to 200.
            var memoryMb = serverless.GetProperty("MemorySizeInMB").GetInt32();
            Assert.True(memoryMb is >= 1024 and <= 6144 && memoryMb % 1024 == 0, $"MemorySizeInMB must be a multiple of 1024 in 1024–6144; received {memoryMb}.");
            Assert.InRange(serverless.GetProperty("MaxConcurrency").GetInt32(), 1, 200);
        }
    }

    [Fact]
    public void The_cloud_run_service_names_its_port_h2c_and_probes_readiness()
    {
        var service = File.ReadAllText(Path.Combine(Images, "cloudrun", "service.yaml"));
        Assert.Matches(@"- name: h2c\s+containerPort: 8080", service);
        Assert.Matches(@"startupProbe:\s+httpGet:\s+path: /v2/health/ready", service);
        Assert.Contains("autoscaling.knative.dev/minScale:", service, StringComparison.Ordinal);
        Assert.Contains("autoscaling.knative.dev/maxScale:", service, StringComparison.Ordinal);
        Assert.Matches(@"limits:\s+cpu:", service);
        var concurrency = int.Parse(ContainerConcurrency().Match(service).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(concurrency, 1, 1000);
    }

    [Fact]
    public void The_sam_template_runs_the_zip_build_sh_writes_on_provided_al2023_x86_64()
    {
        var template = File.ReadAllText(Path.Combine(Images, "lambda", "template.yaml"));
        Assert.Contains("Runtime: provided.al2023", template, StringComparison.Ordinal);
        Assert.Matches(@"Architectures:\s+- x86_64", template);
        var codeUri = CodeUri().Match(template).Groups[1].Value;
        Assert.Equal(
            Path.Combine(PublishedBootstrap.RepositoryRoot, "artifacts", "images", "lambda.zip"),
            Path.GetFullPath(Path.Combine(Images, "lambda", codeUri)));
        Assert.Contains("$out/lambda.zip", File.ReadAllText(Path.Combine(Images, "build.sh")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lambda", "/var/task/")]
    [InlineData("sagemaker", "/opt/program/")]
    [InlineData("cloudrun", "/app/")]
    public void Each_image_starts_the_bootstrap_it_copies_in(string platform, string folder)
    {
        var dockerfile = File.ReadAllText(Path.Combine(Images, platform, "Dockerfile"));
        Assert.StartsWith("FROM scratch", dockerfile.Split('\n').First(l => l.StartsWith("FROM", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains($"COPY app/ {folder}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"{folder}bootstrap\"", dockerfile, StringComparison.Ordinal);
        if (platform == "sagemaker")
        {
            // SageMaker runs the image with the argument serve; the CMD gives a plain `podman run` the same host.
            Assert.Contains("CMD [\"serve\"]", dockerfile, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"containerConcurrency:\s*(\d+)")]
    private static partial Regex ContainerConcurrency();

    [GeneratedRegex(@"CodeUri:\s*(\S+)")]
    private static partial Regex CodeUri();
}
