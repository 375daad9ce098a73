using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Value = (string Output, int[] Shape);

namespace Toolkit.Kernels.Zoo;

/// <summary>
/// YOLOv5s (Ultralytics v6 and later) at 640×640 with 80 COCO classes: a CSP backbone of C3 blocks ending in SPPF, a
/// PAN neck with nearest ×2 upsampling and concatenation, and the Detect head on the 80×80, 40×40 and 20×20 grids with
/// three anchors each. Every convolution but the head's is followed by batch norm and SiLU, with PyTorch's symmetric
/// k/2 padding. Input float32 [1,640,640,3] NHWC (named images) with pixels in [0,1]; output float32 [1,25200,85]
/// (named output0): per candidate box x, y, w, h in pixels, objectness and 80 class scores, as Ultralytics exports it.
/// About 7.2 M parameters and 8.2 G multiply-accumulates.
/// </summary>
public static class YoloV5s
{
    public const string Name = "yolo_v5";
    public const int ImageSize = 640;
    public const int Classes = 80;

    /// <summary>x, y, w, h, objectness and one score per class.</summary>
    public const int RowLength = 5 + Classes;

    /// <summary>YOLOv5's default COCO anchors in pixels, [w,h] × 3 per level, for strides 8, 16 and 32.</summary>
    private static readonly int[][] Anchors = [[10, 13, 16, 30, 33, 23], [30, 61, 62, 45, 59, 119], [116, 90, 156, 198, 373, 326]];

    private static readonly int[] Strides = [8, 16, 32];

    public static ModelGraph Build(ulong seed)
    {
        var graph = new GraphBuilder(Name);
        var net = new Blocks(new LayerBuilder(graph, new SeededRandom(seed)));
        Value x = (graph.Input("images", DataType.Float32, 1, ImageSize, ImageSize, 3), [1, ImageSize, ImageSize, 3]);

        // Backbone (model.0 – model.9): width multiple 0.50, depth multiple 0.33.
        // The 6×6 stem (v6's replacement for Focus) pads 2, not k/2: 640 → 320.
        x = net.Conv(x, 32, 6, 2, "model.0", pad: 2);
        x = net.Conv(x, 64, 3, 2, "model.1");
        x = net.C3(x, 64, 1, shortcut: true, "model.2");
        x = net.Conv(x, 128, 3, 2, "model.3");
        var p3 = net.C3(x, 128, 2, shortcut: true, "model.4");
        x = net.Conv(p3, 256, 3, 2, "model.5");
        var p4 = net.C3(x, 256, 3, shortcut: true, "model.6");
        x = net.Conv(p4, 512, 3, 2, "model.7");
        x = net.C3(x, 512, 1, shortcut: true, "model.8");
        x = net.Sppf(x, 512, "model.9");

        // Neck (model.10 – model.23): top-down with upsampling, then bottom-up with stride-2 convolutions.
        var h10 = net.Conv(x, 256, 1, 1, "model.10");
        x = net.C3(net.Layers.ConcatChannels([net.Upsample(h10, "model.11"), p4], "model.12"), 256, 1, shortcut: false, "model.13");
        var h14 = net.Conv(x, 128, 1, 1, "model.14");
        var out3 = net.C3(net.Layers.ConcatChannels([net.Upsample(h14, "model.15"), p3], "model.16"), 128, 1, shortcut: false, "model.17");
        x = net.Conv(out3, 128, 3, 2, "model.18");
        var out4 = net.C3(net.Layers.ConcatChannels([x, h14], "model.19"), 256, 1, shortcut: false, "model.20");
        x = net.Conv(out4, 256, 3, 2, "model.21");
        var out5 = net.C3(net.Layers.ConcatChannels([x, h10], "model.22"), 512, 1, shortcut: false, "model.23");

        // Detect (model.24): a 1×1 convolution per level, decoded into boxes, the levels joined along boxes.
        var levels = new[] { out3, out4, out5 }.Select((level, i) => net.Detect(level, Anchors[i], Strides[i], $"model.24.m.{i}")).ToArray();
        graph.Add(OpTypes.Concat, levels, new NodeAttributes { { "axis", 1 } }, "output0");
        return graph.Build("output0");
    }

    private sealed class Blocks(LayerBuilder layers)
    {
        public LayerBuilder Layers => layers;

        /// <summary>Ultralytics' Conv: convolution with padding k/2 on every side unless told, batch norm, SiLU.</summary>
        public Value Conv(Value x, int channels, int kernel, int stride, string name, int? pad = null)
        {
            var p = pad ?? kernel / 2;
            return layers.ConvBatchNorm(x.Output, x.Shape, channels, kernel, kernel, stride, [p, p, p, p], Activation.Silu, name: name);
        }

        /// <summary>
        /// C3: two 1×1 branches of half the output width; the first runs <paramref name="depth"/> bottlenecks (1×1 then
        /// 3×3, plus the input when <paramref name="shortcut"/>), then both join and a 1×1 convolution mixes them.
        /// </summary>
        public Value C3(Value x, int channels, int depth, bool shortcut, string name)
        {
            var hidden = channels / 2;
            var main = Conv(x, hidden, 1, 1, $"{name}.cv1");
            for (var i = 0; i < depth; i++)
            {
                var y = Conv(Conv(main, hidden, 1, 1, $"{name}.m.{i}.cv1"), hidden, 3, 1, $"{name}.m.{i}.cv2");
                main = shortcut ? (layers.Graph.Add(OpTypes.Add, [main.Output, y.Output], nodeName: $"{name}.m.{i}.add"), y.Shape) : y;
            }

            var side = Conv(x, hidden, 1, 1, $"{name}.cv2");
            return Conv(layers.ConcatChannels([main, side], $"{name}.concat"), channels, 1, 1, $"{name}.cv3");
        }

        /// <summary>SPPF: 1×1 to half width, three chained 5×5 stride-1 max pools, all four joined, 1×1 to the output width.</summary>
        public Value Sppf(Value x, int channels, string name)
        {
            var y0 = Conv(x, x.Shape[3] / 2, 1, 1, $"{name}.cv1");
            var y1 = layers.Pool(OpTypes.MaxPool, y0.Output, y0.Shape, 5, 1, [2, 2, 2, 2], $"{name}.m.0");
            var y2 = layers.Pool(OpTypes.MaxPool, y1.Output, y1.Shape, 5, 1, [2, 2, 2, 2], $"{name}.m.1");
            var y3 = layers.Pool(OpTypes.MaxPool, y2.Output, y2.Shape, 5, 1, [2, 2, 2, 2], $"{name}.m.2");
            return Conv(layers.ConcatChannels([y0, y1, y2, y3], $"{name}.concat"), channels, 1, 1, $"{name}.cv2");
        }

        public Value Upsample(Value x, string name)
        {
            var output = layers.Graph.Add(OpTypes.Upsample, [x.Output], new NodeAttributes { { "factor", 2 } }, name);
            return (output, [x.Shape[0], x.Shape[1] * 2, x.Shape[2] * 2, x.Shape[3]]);
        }

        /// <summary>
        /// One Detect level: a 1×1 convolution to 3 × 85 channels with Ultralytics' bias initialization (objectness
        /// prior of 8 objects per 640² image, class prior 0.6 / 80), then the decode into [1, 3·H·W, 85] boxes.
        /// </summary>
        public string Detect(Value x, int[] anchors, int stride, string name)
        {
            var anchorCount = anchors.Length / 2;
            var bias = new float[anchorCount * RowLength];
            for (var a = 0; a < anchorCount; a++)
            {
                bias[(a * RowLength) + 4] = MathF.Log(8f / ((ImageSize / stride) * (ImageSize / stride)));
                for (var c = 5; c < RowLength; c++)
                {
                    bias[(a * RowLength) + c] = MathF.Log(0.6f / (Classes - 0.99f));
                }
            }

            var head = layers.PointwiseConvWithBias(x.Output, x.Shape, bias.Length, bias, name);
            return layers.Graph.Add(OpTypes.YoloDetect, [head.Output], new NodeAttributes { { "anchors", anchors }, { "stride", stride } }, $"{name}.decode");
        }
    }
}
