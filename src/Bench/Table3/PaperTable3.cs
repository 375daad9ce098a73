namespace Toolkit.Bench.Table3;

/// <summary>
/// The paper's Table 3: inference seconds with AVX-512 disabled and enabled, for the Python (in-process TensorFlow)
/// and TF-Serving runtimes, measured on an m5.large.
/// </summary>
public static class PaperTable3
{
    public sealed record Row(string Model, double PythonDisabledS, double PythonEnabledS, double ServingDisabledS, double ServingEnabledS)
    {
        /// <summary>AVX-512 speed-up of the TF-Serving runtime: disabled ÷ enabled.</summary>
        public double ServingSpeedup => ServingDisabledS / ServingEnabledS;

        public double PythonSpeedup => PythonDisabledS / PythonEnabledS;
    }

    public static IReadOnlyDictionary<string, Row> Rows { get; } = new Dictionary<string, Row>(StringComparer.Ordinal)
    {
        ["mobilenet_v1"] = new("mobilenet_v1", 0.082, 0.085, 0.037, 0.030),
        ["inception_v3"] = new("inception_v3", 0.357, 0.203, 0.187, 0.148),
        ["yolo_v5"] = new("yolo_v5", 0.331, 0.255, 0.345, 0.276),
        ["bert"] = new("bert", 1.830, 1.294, 1.827, 1.246),
    };
}
