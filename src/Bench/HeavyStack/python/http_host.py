"""SageMaker's and Cloud Run's contracts on the standard library's HTTP server.

SageMaker: GET /ping and POST /invocations. Cloud Run: GET /v2/health/live and /v2/health/ready, and POST
/v2/models/{model}/infer. Both hosts answer every health route. The socket is bound first (runtime_ready), then the
model loads (model_loaded), then requests are served: one that arrives during the load waits in the listen backlog,
as one that reaches a bootstrap still loading waits for its model, so /ping and ready never answer before the load.
"""
import http.server
import json
import sys
import traceback

import cold_start
import kserve
from service import InferenceService

HEALTH_ROUTES = {"/ping", "/v2/health/live", "/v2/health/ready"}


class Server(http.server.ThreadingHTTPServer):
    # The cold burst sends 40 requests at once to a fresh process; the default backlog of 5 would drop SYNs, and the
    # clients would resend them only after a second.
    request_queue_size = 128
    daemon_threads = True


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.rstrip("/") in HEALTH_ROUTES:
            self._send(200, b"", kserve.JSON_CONTENT_TYPE)
        else:
            self._error(404, f"No route {self.path}; health is GET {', '.join(sorted(HEALTH_ROUTES))}.")

    def do_POST(self):
        server = self.server
        try:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if server.host == "sagemaker":
                if self.path != "/invocations":
                    raise kserve.BadRequest(f"No route {self.path}; SageMaker serves POST /invocations.", 404)
            else:
                server.service.require_model(self.path)
            response = server.service.handle(body, kserve.header_length(self.headers.get(kserve.HEADER_LENGTH)))
        except kserve.BadRequest as error:
            self._error(error.status, str(error))
            return
        except Exception as error:  # the server goes on serving; the client gets the error, stderr the trace
            traceback.print_exc(file=sys.stderr)
            self._error(500, f"{type(error).__name__}: {error}")
            return
        headers = {kserve.HEADER_LENGTH: response.header_length, "Server-Timing": response.server_timing}
        self._send(200, response.body, response.content_type, headers)
        server.timeline.report_once(server.describe)

    def log_message(self, format, *args):
        """No access log: the bootstrap writes none either, and the harness passes stderr through."""

    def _error(self, status, message):
        self._send(status, json.dumps({"error": message}).encode(), kserve.JSON_CONTENT_TYPE)

    def _send(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            if value is not None:
                self.send_header(name, str(value))
        self.end_headers()
        self.wfile.write(body)


def run(host, port, model, load, timeline, describe):
    # All interfaces, as the platforms require and the bootstrap binds.
    server = Server(("0.0.0.0", port), Handler)
    timeline.mark(cold_start.RUNTIME_READY)
    graph = load()
    timeline.mark(cold_start.MODEL_LOADED)
    server.host, server.timeline, server.describe = host, timeline, describe
    server.service = InferenceService(model, graph, timeline)
    server.serve_forever()
