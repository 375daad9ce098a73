"""The Lambda custom-runtime contract (Runtime API 2018-06-01) over urllib.

GET …/invocation/next blocks until an event comes; its answer goes to …/{id}/response, or …/{id}/error when the
function fails. An event is an HTTP API / Function URL version-2.0 proxy event (binary bodies base64, answered with a
proxy response) or a direct invoke of a KServe v2 JSON document (answered with the response document). The first
next is the runtime_ready mark; the model loads when the first event has come, so that importing torch, the
serving library, counts as runtime init and the load as model load, the split the paper's Figure 6 draws.
"""
import base64
import json
import sys
import traceback

import cold_start
import kserve
from runtime_api import OPENER, base, post, post_error
from service import InferenceService


def run(api, model, load, timeline, describe):
    runtime = base(api)
    service = None
    while True:
        timeline.mark(cold_start.RUNTIME_READY)
        with OPENER.open(f"{runtime}/invocation/next") as response:
            request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
            event = response.read()
        try:
            if service is None:
                service = InferenceService(model, load(), timeline)
                timeline.mark(cold_start.MODEL_LOADED)
            answer = handle(service, event)
        except Exception as error:  # the loop goes on; the caller gets the error document, stderr the trace
            traceback.print_exc(file=sys.stderr)
            error_type = "InvalidPayload" if isinstance(error, kserve.BadRequest) else f"Runtime.{type(error).__name__}"
            post_error(f"{runtime}/invocation/{request_id}/error", error, error_type)
            continue
        post(f"{runtime}/invocation/{request_id}/response", answer, {"Content-Type": "application/json"})
        timeline.report_once(describe)


def handle(service, event):
    """The answer to one event: a proxy response, or the response document of a direct invoke."""
    document = json.loads(event)
    if "body" not in document:
        return service.handle(event, None).body
    headers = {name.lower(): value for name, value in (document.get("headers") or {}).items()}
    body = document.get("body") or ""
    body = base64.b64decode(body) if document.get("isBase64Encoded") else body.encode()
    try:
        path = document.get("rawPath") or ""
        if path.startswith("/v2/models/"):
            service.require_model(path)
        response = service.handle(body, kserve.header_length(headers.get(kserve.HEADER_LENGTH.lower())))
    except kserve.BadRequest as error:
        return proxy_response(error.status, json.dumps({"error": str(error)}).encode(), {"content-type": kserve.JSON_CONTENT_TYPE})
    answer_headers = {"content-type": response.content_type}
    if response.header_length is not None:
        answer_headers[kserve.HEADER_LENGTH.lower()] = str(response.header_length)
    if response.server_timing is not None:
        answer_headers["server-timing"] = response.server_timing
    return proxy_response(200, response.body, answer_headers)


def proxy_response(status, body, headers):
    binary = headers["content-type"] == kserve.BINARY_CONTENT_TYPE
    return json.dumps({"statusCode": status, "headers": headers, "isBase64Encoded": binary,
                       "body": base64.b64encode(body).decode() if binary else body.decode()}).encode()

