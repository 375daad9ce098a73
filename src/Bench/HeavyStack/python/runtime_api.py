"""The Lambda Runtime API's calls (version 2018-06-01) that post: responses and errors. Standard library only, so
that an init error (torch failing to import, say) can still be reported."""
import json
import urllib.request

# The Runtime API is on loopback: never through an http_proxy the environment may name.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def base(api):
    return f"http://{api}/2018-06-01/runtime"


def post(url, body, headers):
    with OPENER.open(urllib.request.Request(url, data=body, headers=headers, method="POST")) as response:
        response.read()


def post_error(url, error, error_type):
    """An invocation or init error: the error document Lambda expects, and its type in a header."""
    document = json.dumps({"errorMessage": str(error), "errorType": error_type, "stackTrace": []}).encode()
    post(url, document, {"Content-Type": "application/vnd.aws.lambda.error+json", "Lambda-Runtime-Function-Error-Type": error_type})


def report_init_error(api, error):
    """Tells the Runtime API that init failed; the runtime then exits."""
    post_error(f"{base(api)}/init/error", error, f"Runtime.{type(error).__name__}")
