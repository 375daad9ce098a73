"""One inference, as both hosts run it: decode the KServe v2 request, run the graph, encode the response.

Inferences run one at a time (a lock), as the bootstrap's one inference thread runs them. The first one sets the
first_inference mark, and its response carries the cold-start phases in Server-Timing.
"""
import re
import threading

import cold_start
import kserve


class Response:
    def __init__(self, body, header_length, server_timing):
        self.body, self.header_length, self.server_timing = body, header_length, server_timing
        self.content_type = kserve.JSON_CONTENT_TYPE if header_length is None else kserve.BINARY_CONTENT_TYPE


class InferenceService:
    def __init__(self, model, graph, timeline):
        self.model, self.graph, self.timeline = model, graph, timeline
        self.lock = threading.Lock()
        self.timing_sent = False

    def handle(self, body, header_length):
        inputs, binary = kserve.decode_request(body, header_length, self.graph)
        with self.lock:
            outputs = self.graph.run(inputs)
            self.timeline.mark(cold_start.FIRST_INFERENCE)
            server_timing = None if self.timing_sent else self.timeline.server_timing()
            self.timing_sent = True
        payload, length = kserve.encode_response(self.graph.name, self.graph.outputs, outputs, binary)
        return Response(payload, length, server_timing)

    def require_model(self, path):
        """A path /v2/models/{name}/infer must name the served model."""
        match = re.fullmatch(r"/v2/models/([^/]+)/infer/?", path or "")
        if match is None:
            raise kserve.BadRequest(f"No route {path}; inference is POST /v2/models/{self.model}/infer.", 404)
        if match.group(1) != self.model:
            raise kserve.BadRequest(f"This server serves model '{self.model}'; the request names '{match.group(1)}'.", 404)
