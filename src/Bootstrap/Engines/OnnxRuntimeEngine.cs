using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using DataType = Toolkit.Kernels.Tensors.DataType;
using Tensor = Toolkit.Kernels.Tensors.Tensor;

namespace Toolkit.Bootstrap.Engines;

/// <summary>
/// ONNX Runtime behind <see cref="IInferenceEngine"/>: the production engine our kernels are checked against. Its ISA
/// cannot be chosen (MLAS reads CPUID), so reports call its tier <c>native</c>. Inputs and outputs are bound to the
/// caller's tensors in place, so a warm run copies nothing.
/// </summary>
public sealed class OnnxRuntimeEngine : IInferenceEngine
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    private OnnxRuntimeEngine(InferenceSession session, IReadOnlyList<TensorSpec>? fixedShapes = null)
    {
        this.session = session;
        Inputs = [.. session.InputMetadata.Select(kv => Fixed(Spec(kv.Key, kv.Value), fixedShapes))];
        Outputs = [.. session.OutputMetadata.Select(kv => Fixed(Spec(kv.Key, kv.Value), fixedShapes))];
        inputNames = [.. Inputs.Select(i => i.Name)];
        outputNames = [.. Outputs.Select(o => o.Name)];
    }

    public string Name => "onnxruntime";

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>
    /// Opens an <c>.onnx</c> file (or ONNX Runtime's optimized <c>.ort</c> form) with <paramref name="threads"/> intra-op
    /// threads. With <paramref name="profilePrefix"/>, ONNX Runtime times every node of every run into a JSON trace whose
    /// path <see cref="EndProfiling"/> returns.
    /// </summary>
    public static OnnxRuntimeEngine Open(string modelPath, int threads = 1, string? profilePrefix = null)
    {
        using var options = SessionOptionsFor(threads, profilePrefix);
        return new OnnxRuntimeEngine(new InferenceSession(modelPath, options));
    }

    /// <summary>
    /// Opens a model whose shapes have symbolic dimensions (<c>batch</c>, <c>sequence</c>) at the fixed shapes of
    /// <paramref name="shapes"/> (an imported graph's inputs and outputs, by name): ONNX Runtime is told the
    /// <paramref name="dimensions"/>' values, so it plans for the same shapes our engine runs.
    /// </summary>
    public static OnnxRuntimeEngine Open(string modelPath, int threads, IReadOnlyDictionary<string, int> dimensions, IReadOnlyList<TensorSpec> shapes, string? profilePrefix = null)
    {
        using var options = SessionOptionsFor(threads, profilePrefix);
        foreach (var (name, value) in dimensions)
        {
            options.AddFreeDimensionOverrideByName(name, value);
        }

        return new OnnxRuntimeEngine(new InferenceSession(modelPath, options), shapes);
    }

    /// <summary>Stops the profiling that <see cref="Open(string, int, string?)"/> started; returns the trace file's path.</summary>
    public string EndProfiling() => session.EndProfiling();

    /// <summary>Opens a model held in memory.</summary>
    public static OnnxRuntimeEngine Open(byte[] model, int threads = 1)
    {
        using var options = SessionOptionsFor(threads);
        return new OnnxRuntimeEngine(new InferenceSession(model, options));
    }

    public unsafe void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        TensorSpec.RequireAll(inputs, Inputs, "input");
        TensorSpec.RequireAll(outputs, Outputs, "output");
        var handles = new System.Runtime.InteropServices.GCHandle[inputs.Count + outputs.Count];
        var inputValues = new OrtValue[inputs.Count];
        var outputValues = new OrtValue[outputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                inputValues[i] = Bind(inputs[i], ref handles[i]);
            }

            for (var i = 0; i < outputs.Count; i++)
            {
                outputValues[i] = Bind(outputs[i], ref handles[inputs.Count + i]);
            }

            session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
        }
        finally
        {
            foreach (var value in inputValues.Concat(outputValues))
            {
                value?.Dispose();
            }

            foreach (var handle in handles.Where(h => h.IsAllocated))
            {
                handle.Free();
            }
        }
    }

    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }

    private static SessionOptions SessionOptionsFor(int threads, string? profilePrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (profilePrefix is not null)
        {
            // The prefix first: enabling profiling hands ONNX Runtime the prefix set at that moment.
            options.ProfileOutputPathPrefix = profilePrefix;
            options.EnableProfiling = true;
        }

        return options;
    }

    private static OrtValue Bind(Tensor tensor, ref System.Runtime.InteropServices.GCHandle handle)
    {
        handle = System.Runtime.InteropServices.GCHandle.Alloc(tensor.Data, System.Runtime.InteropServices.GCHandleType.Pinned);
        return OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance,
            ElementType(tensor.DataType),
            [.. tensor.Shape.Select(d => (long)d)],
            handle.AddrOfPinnedObject(),
            tensor.Data.LongLength);
    }

    /// <summary>The spec with the shape of the same-named entry of <paramref name="shapes"/>, where the declared dimensions allow it.</summary>
    private static TensorSpec Fixed(TensorSpec declared, IReadOnlyList<TensorSpec>? shapes)
    {
        if (shapes?.FirstOrDefault(s => s.Name == declared.Name) is not { } given)
        {
            return declared;
        }

        var fits = given.Shape.Length == declared.Shape.Length && given.Shape.Zip(declared.Shape).All(p => p.Second < 0 || p.First == p.Second);
        return fits && given.DataType == declared.DataType
            ? declared with { Shape = given.Shape }
            : throw new ArgumentException($"'{declared.Name}' is {declared.DataType}[{string.Join(',', declared.Shape)}] in the model; it cannot run as {given.DataType}[{string.Join(',', given.Shape)}].", nameof(shapes));
    }

    private static TensorSpec Spec(string name, NodeMetadata metadata) =>
        new(name, DataTypeOf(metadata.ElementDataType), [.. metadata.Dimensions]);

    private static DataType DataTypeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float => DataType.Float32,
        TensorElementType.Int32 => DataType.Int32,
        TensorElementType.Float16 => DataType.Float16,
        TensorElementType.UInt8 => DataType.UInt8,
        TensorElementType.Int64 => DataType.Int64,
        _ => throw new NotSupportedException($"ONNX element type {type} has no toolkit data type."),
    };

    private static TensorElementType ElementType(DataType type) => type switch
    {
        DataType.Float32 => TensorElementType.Float,
        DataType.Int32 => TensorElementType.Int32,
        DataType.Float16 => TensorElementType.Float16,
        DataType.UInt8 => TensorElementType.UInt8,
        DataType.Int64 => TensorElementType.Int64,
        _ => throw new NotSupportedException($"Data type {type} has no ONNX element type."),
    };
}
