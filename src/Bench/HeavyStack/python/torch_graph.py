"""A zoo graph, as src/Bench/HeavyStack/TorchGraphFile.cs writes it, run with eager PyTorch operations.

The file is one JSON line (the manifest: inputs, outputs, nodes with attributes and output shapes, and where each
weight lies), padded to 64 bytes, then the weights' raw little-endian bytes. Weights become torch tensors once, at
load, in the layouts torch wants; each node becomes one step that reads earlier values by name. Values stay NHWC as
the graph defines them: a spatial operation looks at its input through an NCHW permutation, which only changes
strides (the input is then a channels-last tensor, which oneDNN's convolutions keep), and permutes its result back.
The operations follow the graph's definitions in src/Kernels/Graph/OpTypes.cs, as the TorchSharp translation in
src/Bench/TorchSharp/Internal does.
"""
import json
import math

import numpy
import torch
import torch.nn.functional as F

DTYPES = {"FP32": torch.float32, "INT32": torch.int32, "INT64": torch.int64, "FP16": torch.float16, "UINT8": torch.uint8}

# TensorFlow's batch-norm and BERT's layer-norm epsilon: what the kernels engine assumes when a node sets none.
BATCH_NORM_EPSILON = 1e-3
LAYER_NORM_EPSILON = 1e-12

# BERT's additive mask for padding, as our kernel and the ONNX export apply it: (1 − mask) · (−10000).
PADDING_BIAS = -10000.0


class TorchGraph:
    def __init__(self, path):
        with open(path, "rb") as file:
            header = file.readline()
            manifest = json.loads(header)
            # Read in one pass into memory that is not zeroed first: a bytearray would write all 438 MB of BERT twice.
            self.data = numpy.fromfile(file, dtype=numpy.uint8, count=manifest["weight_bytes"])
            if len(self.data) != manifest["weight_bytes"]:
                raise ValueError(f"{path}: the manifest promises {manifest['weight_bytes']} weight bytes; the file holds {len(self.data)}.")
        self.name = manifest["name"]
        self.inputs = manifest["inputs"]
        self.outputs = [o["name"] for o in manifest["outputs"]]
        self.weights = {w["name"]: self._weight(w) for w in manifest["weights"]}
        self.shapes = {i["name"]: i["shape"] for i in self.inputs} | {n["output"]: n["shape"] for n in manifest["nodes"]}
        self.steps = [(node["output"], self._translate(node)) for node in manifest["nodes"]]

    @torch.inference_mode()
    def run(self, inputs):
        """Runs every step on the graph's inputs (a dict name → tensor); returns the outputs in the graph's order."""
        values = dict(inputs)
        for output, step in self.steps:
            values[output] = step(values)
        return [values[name] for name in self.outputs]

    def _weight(self, entry):
        # Shares the bytes read at load: no copy unless a layout change needs one.
        count = math.prod(entry["shape"])
        flat = torch.frombuffer(self.data, dtype=DTYPES[entry["datatype"]], count=count, offset=entry["offset"])
        return flat.reshape(entry["shape"])

    def _translate(self, node):
        op = OPS.get(node["op"])
        if op is None:
            raise ValueError(f"Node '{node['name']}' has op type '{node['op']}', which the python engine does not translate.")
        return op(node, node["attributes"], Inputs(node, self.weights), self.shapes)


class Inputs:
    """A node's inputs: value names for the step to read, or weights the translation prepares once."""

    def __init__(self, node, weights):
        self.node, self.names, self.weights = node, node["inputs"], weights

    def __getitem__(self, index):
        return self.names[index]

    def weight(self, index):
        name = self.names[index]
        if name not in self.weights:
            raise ValueError(f"Node '{self.node['name']}' ({self.node['op']}): input {index} '{name}' must be a weight.")
        return self.weights[name]

    def optional_weight(self, index):
        return self.weight(index) if index < len(self.names) and self.names[index] else None


ACTIVATIONS = {
    "None": lambda x: x,
    "Relu": F.relu,
    "Relu6": F.relu6,
    "Silu": F.silu,
    "Gelu": F.gelu,  # the exact erf form, as the graph defines it
}


def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def torch_pads(pads):
    """[top, left, bottom, right] in F.pad's order for the last two NCHW axes: left, right, top, bottom."""
    return [pads[1], pads[3], pads[0], pads[2]]


def symmetric(pads, kernel=None):
    """Whether torch's own padding argument can express the pads (for pooling, at most half the window)."""
    return pads[0] == pads[2] and pads[1] == pads[3] and (kernel is None or (pads[0] <= kernel[0] // 2 and pads[1] <= kernel[1] // 2))


def conv2d(node, a, x, shapes):
    # HWIO [KH, KW, Cin/group, Cout] to torch's OIHW, stored channels-last like the activations.
    weights = x.weight(1).permute(3, 2, 0, 1).contiguous(memory_format=torch.channels_last)
    bias, activation = x.optional_weight(2), ACTIVATIONS[a.get("activation", "None")]
    strides, pads, group = a["strides"], a["pads"], a.get("group", 1)
    if symmetric(pads):
        return lambda v: nhwc(activation(F.conv2d(nchw(v[x[0]]), weights, bias, strides, pads[:2], 1, group)))
    # TensorFlow's SAME padding of an even input under stride 2 pads only the bottom and right.
    return lambda v: nhwc(activation(F.conv2d(F.pad(nchw(v[x[0]]), torch_pads(pads)), weights, bias, strides, 0, 1, group)))


def dense(node, a, x, shapes):
    # F.linear multiplies by the transpose of its [N, K] weight; the transposed view of our [K, N] weight is one.
    weights, bias, activation = x.weight(1).t(), x.optional_weight(2), ACTIVATIONS[a.get("activation", "None")]
    return lambda v: activation(F.linear(v[x[0]], weights, bias))


def standalone_activation(node, a, x, shapes):
    function = ACTIVATIONS[a["activation"]]
    return lambda v: function(v[x[0]])


def batch_norm(node, a, x, shapes):
    scale, shift, mean, variance = (x.weight(i) for i in range(1, 5))
    epsilon = a.get("epsilon", BATCH_NORM_EPSILON)

    def step(v):
        value = v[x[0]]
        if value.dim() == 4:
            return nhwc(F.batch_norm(nchw(value), mean, variance, scale, shift, False, 0.0, epsilon))
        flat = value.reshape(-1, value.shape[-1])
        return F.batch_norm(flat, mean, variance, scale, shift, False, 0.0, epsilon).reshape(value.shape)

    return step


def pool(kind):
    def translate(node, a, x, shapes):
        kernel, strides, pads = a["kernel"], a["strides"], a["pads"]
        if kind == "max":
            if symmetric(pads, kernel):
                return lambda v: nhwc(F.max_pool2d(nchw(v[x[0]]), kernel, strides, pads[:2]))
            # Padded positions never win: pad with −∞.
            return lambda v: nhwc(F.max_pool2d(F.pad(nchw(v[x[0]]), torch_pads(pads), value=-math.inf), kernel, strides))
        include_pad = a.get("count_include_pad", 0) != 0
        if symmetric(pads, kernel):
            return lambda v: nhwc(F.avg_pool2d(nchw(v[x[0]]), kernel, strides, pads[:2], count_include_pad=include_pad))
        padded = lambda v: F.avg_pool2d(F.pad(nchw(v[x[0]]), torch_pads(pads)), kernel, strides)
        if include_pad:
            return lambda v: nhwc(padded(v))
        # Each window divides by its count of real pixels: its sum over the zero-padded input, over the real share.
        _, height, width, _ = shapes[x[0]]
        real = F.avg_pool2d(F.pad(torch.ones(1, 1, height, width), torch_pads(pads)), kernel, strides)
        return lambda v: nhwc(padded(v) / real)

    return translate


def embedding(node, a, x, shapes):
    words, positions, segments = x.weight(2), x.weight(3), x.weight(4)

    def step(v):
        ids, segment_ids = v[x[0]], v[x[1]]
        batches, tokens = ids.shape
        rows = lambda table, index: table.index_select(0, index.long().flatten()).view(batches, tokens, -1)
        return rows(words, ids).add_(positions[:tokens]).add_(rows(segments, segment_ids))

    return step


def layer_norm(node, a, x, shapes):
    gamma, beta, epsilon = x.weight(1), x.weight(2), a.get("epsilon", LAYER_NORM_EPSILON)
    return lambda v: F.layer_norm(v[x[0]], gamma.shape, gamma, beta, epsilon)


def self_attention(node, a, x, shapes):
    heads = a["heads"]

    def step(v):
        qkv, mask = v[x[0]], v[x[1]]
        batches, tokens, width = qkv.shape
        hidden = width // 3
        head_size = hidden // heads
        query, key, value = qkv.view(batches, tokens, 3, heads, head_size).permute(2, 0, 3, 1, 4)
        bias = (1 - mask.float()).mul_(PADDING_BIAS).view(batches, 1, 1, tokens)
        scores = torch.matmul(query, key.transpose(-1, -2)).mul_(1 / math.sqrt(head_size)).add_(bias)
        context = torch.matmul(scores.softmax(-1), value)
        return context.permute(0, 2, 1, 3).reshape(batches, tokens, hidden)

    return step


def yolo_detect(node, a, x, shapes):
    """YOLOv5's Detect decode of one level: x,y = (2σ − 0.5 + cell) · stride, w,h = (2σ)² · anchor, rows (anchor, y, x)."""
    _, height, width, channels = shapes[x[0]]
    anchor_pixels = torch.tensor(a["anchors"], dtype=torch.float32)
    anchors, stride = len(a["anchors"]) // 2, a["stride"]
    row = channels // anchors
    ys, xs = torch.meshgrid(torch.arange(height, dtype=torch.float32), torch.arange(width, dtype=torch.float32), indexing="ij")
    grid = (torch.stack([xs, ys], -1) - 0.5).view(1, 1, height, width, 2)
    sizes = anchor_pixels.view(1, anchors, 1, 1, 2)

    def step(v):
        batch = v[x[0]].shape[0]
        sigmoid = v[x[0]].reshape(batch, height, width, anchors, row).permute(0, 3, 1, 2, 4).sigmoid()
        xy = (sigmoid[..., 0:2] * 2 + grid) * stride
        wh = (sigmoid[..., 2:4] * 2).square() * sizes
        return torch.cat([xy, wh, sigmoid[..., 4:]], -1).reshape(batch, anchors * height * width, row)

    return step


OPS = {
    "Conv2d": conv2d,
    "Dense": dense,
    "BatchNorm": batch_norm,
    "Activation": standalone_activation,
    "GlobalAveragePool": lambda node, a, x, shapes: lambda v: v[x[0]].mean((1, 2), keepdim=True),
    "Reshape": lambda node, a, x, shapes: lambda v: v[x[0]].reshape(a["shape"]),
    "Softmax": lambda node, a, x, shapes: lambda v: v[x[0]].softmax(-1),
    "MaxPool": pool("max"),
    "AveragePool": pool("average"),
    "Concat": lambda node, a, x, shapes: lambda v: torch.cat([v[name] for name in x.names], a["axis"]),
    "Upsample": lambda node, a, x, shapes: lambda v: nhwc(F.interpolate(nchw(v[x[0]]), scale_factor=a["factor"], mode="nearest")),
    "Add": lambda node, a, x, shapes: lambda v: v[x[0]] + v[x[1]],
    "Mul": lambda node, a, x, shapes: lambda v: v[x[0]] * v[x[1]],
    "YoloDetect": yolo_detect,
    "Embedding": embedding,
    "LayerNorm": layer_norm,
    "MultiHeadAttention": self_attention,
    "Tanh": lambda node, a, x, shapes: lambda v: v[x[0]].tanh(),
    "Slice": lambda node, a, x, shapes: lambda v: v[x[0]].narrow(a["axis"], a["start"], a["end"] - a["start"]),
}
