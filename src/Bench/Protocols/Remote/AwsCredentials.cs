namespace Toolkit.Bench.Protocols.Remote;

/// <summary>
/// The credentials a SageMaker runtime request is signed with, read from the standard variables every AWS SDK and the
/// CLI read first: <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and, for temporary credentials,
/// <c>AWS_SESSION_TOKEN</c>.
/// </summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    /// <exception cref="InvalidOperationException">A required variable is not set; the message names it.</exception>
    public static AwsCredentials FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        return new AwsCredentials(Required(read, AccessKeyIdVariable), Required(read, SecretAccessKeyVariable), read(SessionTokenVariable) is { Length: > 0 } token ? token : null);
    }

    /// <summary>Keeps the secret out of logs and exception messages.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SessionToken = {(SessionToken is null ? "none" : "set")} }}";

    private static string Required(Func<string, string?> read, string name) =>
        read(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} must be set to sign SageMaker runtime requests (SigV4); it is empty or unset.");
}
