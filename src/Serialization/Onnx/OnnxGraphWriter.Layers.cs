using Google.Protobuf;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Proto;

namespace Toolkit.Serialization.Onnx;

/// <summary>
/// The translations of pooling, concatenation, upsampling, element-wise arithmetic and YOLOv5's Detect decode. Image
/// values stay NCHW in ONNX, so these ops take their 4-D inputs in NCHW and map NHWC axes to NCHW ones.
/// </summary>
internal sealed partial class OnnxGraphWriter
{
    private void Pool(Node node)
    {
        var a = node.Attributes;
        var attributes = new List<AttributeProto> { Ints("kernel_shape", a.Ints("kernel")), Ints("strides", a.Ints("strides")), Ints("pads", a.Ints("pads")) };
        if (node.OpType == OpTypes.AveragePool)
        {
            attributes.Add(Int("count_include_pad", a.Int("count_include_pad", 0)));
        }

        Emit(node.OpType, [Nchw(node.Inputs[0])], node.Output, true, [.. attributes]);
    }

    /// <summary>4-D values join in NCHW, with the NHWC axis mapped (channels 3 → 1); others in their own layout.</summary>
    private void Concat(Node node)
    {
        var rank = shapes[node.Output].Length;
        var axis = node.Attributes.Int("axis");
        axis = axis < 0 ? axis + rank : axis;
        if (rank == 4)
        {
            Emit("Concat", node.Inputs.Select(Nchw).ToList(), node.Output, true, Int("axis", Array.IndexOf(ToNchw, (long)axis)));
        }
        else
        {
            Emit("Concat", node.Inputs.Select(Nhwc).ToList(), node.Output, false, Int("axis", axis));
        }
    }

    /// <summary>Resize with integer scales, reading the source pixel floor(out / factor) exactly as our kernel does.</summary>
    private void Upsample(Node node)
    {
        var factor = node.Attributes.Int("factor");
        var scales = Constant($"{node.Output}/scales", Tensor.From<float>([1f, 1f, factor, factor], 4));
        Emit("Resize", [Nchw(node.Inputs[0]), "", scales], node.Output, true,
            String("mode", "nearest"), String("coordinate_transformation_mode", "asymmetric"), String("nearest_mode", "floor"));
    }

    private void Elementwise(Node node)
    {
        var image = shapes[node.Output].Length == 4;
        var inputs = node.Inputs.Select(i => image ? Nchw(i) : Nhwc(i)).ToList();
        Emit(node.OpType, inputs, node.Output, image);
    }

    /// <summary>
    /// The decode as Ultralytics exports it: [N, A·K, H, W] → [N, A, H·W, K] → sigmoid → split x,y | w,h | rest →
    /// (2σ + (cell − 0.5)) · stride and (2σ)² · anchor → joined again → [N, A·H·W, K]. The arithmetic runs in the order
    /// our kernel uses, so both engines round alike.
    /// </summary>
    private void YoloDetect(Node node)
    {
        var input = shapes[node.Inputs[0]];
        var (batch, height, width, channels) = (input[0], input[1], input[2], input[3]);
        var anchors = node.Attributes.Ints("anchors");
        var stride = (float)node.Attributes.Int("stride");
        var anchorCount = anchors.Length / 2;
        var rowLength = channels / anchorCount;
        var cells = height * width;
        var name = node.Output;

        var grouped = Emit("Reshape", [Nchw(node.Inputs[0]), Int64s($"{name}/grouped_shape", batch, anchorCount, rowLength, cells)], UniqueName($"{name}/grouped"), false);
        var rows = Emit("Transpose", [grouped], UniqueName($"{name}/rows"), false, Ints("perm", new long[] { 0, 1, 3, 2 }));
        var sigmoid = Emit("Sigmoid", [rows], UniqueName($"{name}/sigmoid"), false);
        var (xy, wh, rest) = (UniqueName($"{name}/xy"), UniqueName($"{name}/wh"), UniqueName($"{name}/rest"));
        EmitSplit(sigmoid, Int64s($"{name}/split", 2, 2, rowLength - 4), [xy, wh, rest]);

        var grid = new float[cells * 2];
        for (var cell = 0; cell < cells; cell++)
        {
            grid[2 * cell] = (cell % width) - 0.5f;
            grid[(2 * cell) + 1] = (cell / width) - 0.5f;
        }

        var two = Scalar($"{name}/two", 2f);
        var centres = Emit("Add", [Emit("Mul", [xy, two], UniqueName($"{name}/xy2"), false), Constant($"{name}/grid", Tensor.From<float>(grid, 1, 1, cells, 2))], UniqueName($"{name}/xy_grid"), false);
        centres = Emit("Mul", [centres, Scalar($"{name}/stride", stride)], UniqueName($"{name}/xy_pixels"), false);
        var doubled = Emit("Mul", [wh, two], UniqueName($"{name}/wh2"), false);
        var squared = Emit("Mul", [doubled, doubled], UniqueName($"{name}/wh_squared"), false);
        var anchorGrid = Tensor.From<float>([.. anchors.Select(a => (float)a)], 1, anchorCount, 1, 2);
        var sizes = Emit("Mul", [squared, Constant($"{name}/anchor_grid", anchorGrid)], UniqueName($"{name}/wh_pixels"), false);
        var joined = Emit("Concat", [centres, sizes, rest], UniqueName($"{name}/joined"), false, Int("axis", -1));
        Emit("Reshape", [joined, Int64s($"{name}/shape", batch, anchorCount * cells, rowLength)], name, false);
    }

    /// <summary>A Split node (opset 13 and later: sizes as an input) with one output per part.</summary>
    private void EmitSplit(string input, string sizes, IReadOnlyList<string> outputs)
    {
        var proto = new NodeProto { OpType = "Split", Name = UniqueName($"{outputs[0]}/Split") };
        proto.Input.Add(input);
        proto.Input.Add(sizes);
        proto.Output.AddRange(outputs);
        proto.Attribute.Add(Int("axis", -1));
        graph.Node.Add(proto);
        foreach (var output in outputs)
        {
            values[output] = (output, false);
        }
    }

    private string Int64s(string name, params long[] values) => Constant(name, Tensor.From<long>(values, values.Length));

    private static AttributeProto String(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
}
