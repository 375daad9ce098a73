namespace Toolkit.Serialization.Payloads;

/// <summary>Input (request) or output (response) of a model call.</summary>
public enum MessageDirection
{
    Input,
    Output,
}
