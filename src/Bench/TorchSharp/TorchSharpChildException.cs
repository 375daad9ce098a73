namespace Toolkit.Bench.TorchSharp;

/// <summary>A torchsharp child process failed; the message says how and holds the end of its stderr.</summary>
public sealed class TorchSharpChildException(string message) : Exception(message);
