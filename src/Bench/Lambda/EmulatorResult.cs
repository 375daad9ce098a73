namespace Toolkit.Bench.Lambda;

/// <summary>
/// What the function answered to one invocation: a response body, or an error (<see cref="ErrorType"/> from the
/// Lambda-Runtime-Function-Error-Type header or the body, and the error document).
/// </summary>
public sealed record EmulatorResult(string RequestId, byte[] Body, string? ErrorType)
{
    public bool IsError => ErrorType is not null;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
