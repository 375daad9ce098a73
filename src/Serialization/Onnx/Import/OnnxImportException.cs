using Toolkit.Kernels.Graph;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// One thing the importer cannot take from an ONNX file: where it is (a node, an initializer, an input or the file
/// itself), and what is wrong or missing.
/// </summary>
/// <param name="Where">The node ("node 'Conv_3' (Conv)"), value or part of the file the problem is in.</param>
/// <param name="Message">What is wrong, naming the field or attribute.</param>
public sealed record OnnxProblem(string Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}

/// <summary>
/// An ONNX file that cannot be imported. It lists every problem found, not only the first, so one run tells a user
/// everything their model needs; nothing of the file is imported.
/// </summary>
public sealed class OnnxImportException : GraphException
{
    public OnnxImportException()
        : this("the ONNX file cannot be imported", [])
    {
    }

    public OnnxImportException(string message)
        : this(message, [])
    {
    }

    public OnnxImportException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new OnnxProblem("file", message)];
    }

    public OnnxImportException(string source, IReadOnlyList<OnnxProblem> problems)
        : base(Describe(source, problems))
    {
        Problems = problems;
    }

    /// <summary>One problem, at <paramref name="where"/>: the error a single reader or pass raises, which the caller collects.</summary>
    public static OnnxImportException At(string where, string message) => new("cannot import the ONNX file", [new OnnxProblem(where, message)]);

    /// <summary>Every problem found, in graph order.</summary>
    public IReadOnlyList<OnnxProblem> Problems { get; }

    private static string Describe(string source, IReadOnlyList<OnnxProblem> problems) => problems.Count switch
    {
        0 => source,
        1 => $"{source}: {problems[0]}",
        _ => $"{source}: {problems.Count} problems:{string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}"))}",
    };
}
