using System.Runtime.InteropServices;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Transpose: output dimension i is input dimension perm[i], rank 1 to 6, for every element type the arena holds (Float32
/// and Int32 move as 4-byte bits, Int64 as 8 bytes). Compiling reduces the permutation to what it really moves (see
/// <see cref="Simplify"/>): NCHW ↔ NHWC becomes a batch of 2-D transposes [C, H·W] ↔ [H·W, C], which run tiled; other
/// permutations run as a strided copy (see TransposeOperator.Kernels.cs).
/// </summary>
internal sealed partial class TransposeOperator : IOperator
{
    /// <summary>The deepest rank ONNX models transpose in practice, and the depth of the strided copy's counters.</summary>
    public const int MaxRank = 6;

    public string OpType => OpTypes.Transpose;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        var shape = inputShapes[0];
        return [.. Permutation(node, shape).Select(axis => shape[axis])];
    }

    public DataType InferDataType(Node node, IReadOnlyList<DataType> inputTypes) =>
        Operators.IsArenaType(inputTypes[0])
            ? inputTypes[0]
            : throw new GraphException($"Node '{node.Name}' (Transpose): the input is {inputTypes[0]}; Transpose moves Float32, Int32 or Int64.");

    public IStep Compile(Node node, StepContext context)
    {
        var shape = context.InputShape(0);
        var (dims, perm) = Simplify(shape, Permutation(node, shape));
        return new Step(context.Input(0), context.Output, new Layout(dims, perm), context.InputDataType(0) == DataType.Int64);
    }

    /// <summary>
    /// The permutation reduced to what it moves: axes of size 1 dropped, and output neighbours that are input neighbours
    /// too (perm[j + 1] = perm[j] + 1) merged into one axis of their product. [N,C,H,W] by [0,2,3,1] becomes
    /// [N, C, H·W] by [0,2,1], and with N = 1, [C, H·W] by [1,0]; an identity becomes one axis (or none).
    /// </summary>
    /// <returns>The reduced input dimensions and the permutation of them.</returns>
    public static (int[] Dims, int[] Perm) Simplify(int[] shape, int[] perm)
    {
        var kept = Enumerable.Range(0, shape.Length).Where(axis => shape[axis] != 1).ToArray();
        int[] keptPerm = [.. perm.Where(axis => shape[axis] != 1).Select(axis => Array.IndexOf(kept, axis))];

        // Runs of output axes whose input axes follow each other; each run becomes one axis.
        var runs = new List<(int FirstInputAxis, int Size)>();
        for (var j = 0; j < keptPerm.Length; j++)
        {
            var size = shape[kept[keptPerm[j]]];
            if (j > 0 && keptPerm[j] == keptPerm[j - 1] + 1)
            {
                runs[^1] = (runs[^1].FirstInputAxis, runs[^1].Size * size);
            }
            else
            {
                runs.Add((keptPerm[j], size));
            }
        }

        var inputOrder = runs.Select((run, outputAxis) => (run, outputAxis)).OrderBy(r => r.run.FirstInputAxis).ToArray();
        int[] dims = [.. inputOrder.Select(r => r.run.Size)];
        int[] reduced = [.. Enumerable.Range(0, runs.Count).Select(outputAxis => Array.FindIndex(inputOrder, r => r.outputAxis == outputAxis))];
        return (dims, reduced);
    }

    private static int[] Permutation(Node node, int[] shape)
    {
        var rank = shape.Length;
        if (rank is < 1 or > MaxRank)
        {
            throw new GraphException($"Node '{node.Name}' (Transpose): the input must have rank 1 to {MaxRank}, got [{string.Join(',', shape)}].");
        }

        var perm = node.Attributes.Has("perm") ? node.Attributes.Ints("perm") : [.. Enumerable.Range(0, rank).Reverse()];
        if (perm.Length != rank || perm.Any(axis => axis < 0 || axis >= rank) || perm.Distinct().Count() != rank)
        {
            throw new GraphException($"Node '{node.Name}' (Transpose): perm [{string.Join(',', perm)}] must be a permutation of 0..{rank - 1} for the input [{string.Join(',', shape)}].");
        }

        return perm;
    }

    /// <summary>A reduced transpose, laid out for the kernels: the output's dimensions and the input stride of each.</summary>
    private sealed class Layout
    {
        public Layout(int[] dims, int[] perm)
        {
            var strides = new long[dims.Length];
            long stride = 1;
            for (var axis = dims.Length - 1; axis >= 0; axis--)
            {
                strides[axis] = stride;
                stride *= dims[axis];
            }

            OutputDims = [.. perm.Select(axis => dims[axis])];
            SourceStrides = [.. perm.Select(axis => strides[axis])];
            (Batches, Rows, Columns) = perm switch
            {
                [1, 0] => (1, dims[0], dims[1]),
                [0, 2, 1] => (dims[0], dims[1], dims[2]),
                _ => (0, 0, 0),
            };
        }

        /// <summary>Rank 0 or 1 after reduction: the input's elements in their order.</summary>
        public bool IsCopy => OutputDims.Length <= 1;

        /// <summary>True when the transpose is a batch of [Rows, Columns] → [Columns, Rows] transposes.</summary>
        public bool IsMatrix => Batches > 0;

        public int Batches { get; }

        public int Rows { get; }

        public int Columns { get; }

        public int[] OutputDims { get; }

        /// <summary>In elements, for each output axis: how far the input moves when that output index grows by one.</summary>
        public long[] SourceStrides { get; }
    }

    private sealed class Step(BufferSlice input, BufferSlice output, Layout layout, bool eightByteElements) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            if (eightByteElements)
            {
                Transpose(cpu, layout, MemoryMarshal.Cast<float, long>(arena[input]), MemoryMarshal.Cast<float, long>(arena[output]));
            }
            else
            {
                // Int32 and Float32 alike move as int bits, so no float value (a NaN payload) is ever reinterpreted.
                Transpose(cpu, layout, MemoryMarshal.Cast<float, int>(arena[input]), MemoryMarshal.Cast<float, int>(arena[output]));
            }
        }
    }
}
