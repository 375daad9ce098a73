"""KServe v2 (Open Inference Protocol) requests and responses: JSON, and the binary tensor extension.

The binary extension is a JSON header whose tensors carry "parameters": {"binary_data_size": N} instead of "data",
followed by each tensor's raw little-endian bytes in order; the Inference-Header-Content-Length header says where the
JSON ends. A request is answered in the format it came in, as the bootstrap does by default.
"""
import json

import torch

from torch_graph import DTYPES

HEADER_LENGTH = "Inference-Header-Content-Length"
BINARY_CONTENT_TYPE = "application/octet-stream"
JSON_CONTENT_TYPE = "application/json"

DATATYPES = {dtype: name for name, dtype in DTYPES.items()}


class BadRequest(Exception):
    """A request this model cannot take; the message names what was expected and what came."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def header_length(text):
    """The value of Inference-Header-Content-Length, or None when the request has none."""
    if text is None:
        return None
    if not text.isdigit():
        raise BadRequest(f"{HEADER_LENGTH} must be a non-negative integer; received '{text}'.")
    return int(text)


def decode_request(body, header_length, graph):
    """The request's tensors by name, checked against the graph's inputs, and whether it used the binary extension."""
    binary = header_length is not None
    try:
        document = json.loads(body[:header_length] if binary else body)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"The KServe v2 request must be JSON (with {HEADER_LENGTH} for the binary extension): {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("inputs"), list):
        raise BadRequest('A KServe v2 request must have an "inputs" array; none was found.')
    tensors, offset = {}, header_length or 0
    for entry in document["inputs"]:
        name, datatype, shape = entry.get("name"), entry.get("datatype"), entry.get("shape")
        if datatype not in DTYPES:
            raise BadRequest(f"Tensor '{name}' has datatype {datatype}; expected one of {', '.join(DTYPES)}.")
        if binary:
            size = entry.get("parameters", {}).get("binary_data_size", 0)
            if offset + size > len(body):
                raise BadRequest(f"Tensor '{name}' needs {size} data bytes after the header; only {len(body) - offset} remain.")
            tensor = torch.frombuffer(bytearray(body[offset:offset + size]), dtype=DTYPES[datatype])
            offset += size
        else:
            tensor = torch.tensor(entry.get("data", []), dtype=DTYPES[datatype])
        if tensor.numel() != _count(shape):
            raise BadRequest(f"Tensor '{name}' has {tensor.numel()} elements; its shape {shape} needs {_count(shape)}.")
        tensors[name] = tensor.reshape(shape)
    _require_inputs(tensors, graph.inputs)
    return tensors, binary


def encode_response(model_name, names, tensors, binary):
    """The response body and, for the binary extension, the JSON header's length."""
    outputs = [{"name": name, "datatype": DATATYPES[t.dtype], "shape": list(t.shape)} for name, t in zip(names, tensors)]
    if not binary:
        for output, tensor in zip(outputs, tensors):
            output["data"] = tensor.flatten().tolist()
        return json.dumps({"model_name": model_name, "outputs": outputs}).encode(), None
    raw = [tensor.contiguous().numpy().tobytes() for tensor in tensors]
    for output, data in zip(outputs, raw):
        output["parameters"] = {"binary_data_size": len(data)}
    header = json.dumps({"model_name": model_name, "outputs": outputs}, separators=(",", ":")).encode()
    return header + b"".join(raw), len(header)


def _count(shape):
    if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
        raise BadRequest(f"A tensor's shape must be a list of non-negative integers; received {shape}.")
    count = 1
    for dimension in shape:
        count *= dimension
    return count


def _require_inputs(tensors, specs):
    expected = {s["name"] for s in specs}
    if set(tensors) != expected:
        raise BadRequest(f"The model takes inputs {sorted(expected)}; the request has {sorted(tensors)}.")
    for spec in specs:
        tensor = tensors[spec["name"]]
        if list(tensor.shape) != spec["shape"] or DATATYPES[tensor.dtype] != spec["datatype"]:
            raise BadRequest(f"Input '{spec['name']}' must be {spec['datatype']} {spec['shape']}; "
                             f"received {DATATYPES[tensor.dtype]} {list(tensor.shape)}.")
