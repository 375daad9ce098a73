using System.Diagnostics;
using System.Runtime.InteropServices;
using Toolkit.Kernels.Graph.Operators;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Execution;

/// <summary>
/// A graph compiled for one CPU context: shapes and element types inferred, weights prepared for the tier, every
/// intermediate value placed in one arena by <see cref="MemoryPlanner"/>, and one step per node. The arena counts 4-byte
/// slots: a Float32 or Int32 element takes one, an Int64 element two, and four UInt8 elements (a quantized value) one. <see cref="Run"/> allocates nothing.
/// Not thread-safe: one plan serves one inference at a time.
/// </summary>
public sealed class ExecutionPlan : IDisposable
{
    private readonly IStep[] steps;
    private readonly Node[] stepNodes;
    private readonly BufferSlice[] inputSlices;
    private readonly BufferSlice[] outputSlices;
    private readonly Arena arena;

    private ExecutionPlan(ModelGraph graph, CpuContext cpu)
    {
        RequireArenaInputs(graph);
        Graph = graph;
        Cpu = cpu;
        var shapes = ShapeInference.Infer(graph);
        var types = ShapeInference.InferDataTypes(graph);
        var buffers = PlaceValues(graph, shapes, types, out var arenaLength);
        arena = new Arena(arenaLength);
        stepNodes = [.. graph.Nodes.Where(n => !Operators.Operators.For(n).AliasesFirstInput)];
        steps = [.. stepNodes.Select(n => Operators.Operators.For(n).Compile(n, new StepContext(n, cpu, shapes, types, buffers, graph)))];
        inputSlices = [.. graph.Inputs.Select(i => buffers[i.Name])];
        outputSlices = [.. graph.Outputs.Select(o => buffers[o])];
        Outputs = [.. graph.Outputs.Select(o => new TensorSpec(o, types[o], shapes[o]))];
    }

    public ModelGraph Graph { get; }

    public CpuContext Cpu { get; }

    public IReadOnlyList<TensorSpec> Inputs => Graph.Inputs;

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>The node each step runs, in execution order (aliasing nodes such as Reshape have no step).</summary>
    public IReadOnlyList<Node> StepNodes => stepNodes;

    /// <summary>Bytes of the arena that holds every intermediate value.</summary>
    public long ArenaBytes => arena.LengthInFloats * sizeof(float);

    /// <summary>Compiles <paramref name="graph"/> for <paramref name="cpu"/>'s tier.</summary>
    public static ExecutionPlan Create(ModelGraph graph, CpuContext cpu) => new(graph, cpu);

    /// <summary>Runs one inference: copies the inputs in, runs every step, copies the outputs out.</summary>
    public void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs) => Run(inputs, outputs, [], null);

    /// <summary>
    /// Runs one inference and records each step's duration in seconds of <paramref name="clock"/> (the wall clock when
    /// null; a profiler on a shared machine may pass the thread's CPU time), in <see cref="StepNodes"/> order. An empty
    /// <paramref name="stepSeconds"/> records nothing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="stepSeconds"/> is neither empty nor one entry per step.</exception>
    public void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs, Span<double> stepSeconds, Func<double>? clock)
    {
        TensorSpec.RequireAll(inputs, Inputs, "input");
        TensorSpec.RequireAll(outputs, Outputs, "output");
        if (!stepSeconds.IsEmpty && stepSeconds.Length != steps.Length)
        {
            throw new ArgumentException($"stepSeconds must be empty or hold one entry per step ({steps.Length}); received {stepSeconds.Length}.", nameof(stepSeconds));
        }

        clock ??= WallSeconds;

        for (var i = 0; i < inputs.Count; i++)
        {
            // The arena holds 4-byte slots: int32 inputs (BERT's ids and mask) travel as their bits, int64 inputs as two
            // slots per element, and the operators that read them reinterpret the slice.
            MemoryMarshal.Cast<byte, float>(inputs[i].Data).CopyTo(arena[inputSlices[i]]);
        }

        for (var s = 0; s < steps.Length; s++)
        {
            var start = stepSeconds.IsEmpty ? 0 : clock();
            steps[s].Execute(Cpu, arena);
            if (!stepSeconds.IsEmpty)
            {
                stepSeconds[s] = clock() - start;
            }
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            MemoryMarshal.AsBytes(arena[outputSlices[i]]).CopyTo(outputs[i].Data);
        }
    }

    private static double WallSeconds() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    private static void RequireArenaInputs(ModelGraph graph)
    {
        foreach (var input in graph.Inputs.Where(i => !Operators.Operators.IsArenaType(i.DataType)))
        {
            throw new GraphException($"Graph '{graph.Name}': input '{input.Name}' is {input.DataType}; the kernels engine takes Float32, Int32 or Int64 inputs.");
        }
    }

    public void Dispose()
    {
        foreach (var step in steps.OfType<IDisposable>())
        {
            step.Dispose();
        }

        arena.Dispose();
    }

    /// <summary>
    /// Gives every graph input and node output an arena slice. A value's lifetime runs from the step that writes it
    /// (graph inputs: before the first) to the last step that reads it (graph outputs: the end). Aliasing nodes
    /// (Reshape) share their input's slice, which then lives as long as the longest-lived alias.
    /// </summary>
    private static Dictionary<string, BufferSlice> PlaceValues(ModelGraph graph, IReadOnlyDictionary<string, int[]> shapes, IReadOnlyDictionary<string, DataType> types, out long arenaLength)
    {
        var root = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var input in graph.Inputs)
        {
            root[input.Name] = input.Name;
            first[input.Name] = -1;
            last[input.Name] = -1;
        }

        for (var step = 0; step < graph.Nodes.Count; step++)
        {
            var node = graph.Nodes[step];
            foreach (var input in node.Inputs.Where(root.ContainsKey))
            {
                last[root[input]] = step;
            }

            if (Operators.Operators.For(node).AliasesFirstInput && root.TryGetValue(node.Inputs[0], out var aliased))
            {
                root[node.Output] = aliased;
                continue;
            }

            root[node.Output] = node.Output;
            first[node.Output] = step;
            last[node.Output] = step;
        }

        foreach (var output in graph.Outputs)
        {
            last[root[output]] = graph.Nodes.Count;
        }

        var lifetimes = first.Keys.Select(name => new MemoryPlanner.Lifetime(name, Slots(name), first[name], last[name])).ToList();
        var (offsets, length) = MemoryPlanner.Plan(lifetimes);
        arenaLength = length;
        return root.ToDictionary(kv => kv.Key, kv => new BufferSlice(offsets[kv.Value], checked((int)Slots(kv.Key))), StringComparer.Ordinal);

        // Every value placed is an input of an arena type or a node output, whose type is Float32, Int32, Int64 or (the
        // quantized steps' values) UInt8, rounded up to whole slots.
        long Slots(string name) => ((Tensor.ElementCount(shapes[name]) * types[name].Size()) + sizeof(float) - 1) / sizeof(float);
    }
}
