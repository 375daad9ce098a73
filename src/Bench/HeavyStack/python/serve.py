"""The heavy-stack baseline: a Python + PyTorch server, started like the bootstrap and timed by the same harness.

/usr/bin/python3 serve.py [serve] --host lambda|sagemaker|cloudrun, with the bootstrap's variables: TOOLKIT_MODEL,
TOOLKIT_MODEL_DIR (where <model>.torchgraph is; default beside this file), TOOLKIT_THREADS (default 1, as the
bootstrap's), PORT (Cloud Run), SAGEMAKER_BIND_TO_PORT (SageMaker) and AWS_LAMBDA_RUNTIME_API (Lambda). Order: import
torch (the serving libraries), be ready (bind, or the first Lambda next), load the model, serve. After the first
inference it prints the cold-start line (cold_start.py).
"""
import time

MAIN_MS = time.clock_gettime_ns(time.CLOCK_MONOTONIC) / 1e6  # the main mark: this script's first line runs

import argparse  # noqa: E402 (the mark comes first)
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402

import cold_start  # noqa: E402
import runtime_api  # noqa: E402

INSTALL_COMMAND = "sudo apt-get install -y python3-torch"


def main(argv):
    parser = argparse.ArgumentParser(description="A Python + PyTorch KServe v2 server for the coldstart harness.")
    parser.add_argument("command", nargs="?", choices=["serve"], help="SageMaker starts containers with 'serve'.")
    parser.add_argument("--host", choices=["lambda", "sagemaker", "cloudrun"])
    args = parser.parse_args(argv)
    host = args.host or ("lambda" if "AWS_LAMBDA_RUNTIME_API" in os.environ else "sagemaker" if args.command else "cloudrun")
    model = os.environ.get("TOOLKIT_MODEL", "mobilenet_v1")
    threads = int(os.environ.get("TOOLKIT_THREADS", "1"))
    timeline = cold_start.Timeline(MAIN_MS)

    # Read when the libraries load: OpenMP's and OpenBLAS's pools would otherwise size themselves.
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(threads))
    try:
        import torch
        from torch_graph import TorchGraph
    except ImportError as error:
        print(f"serve.py: torch cannot be imported ({error}); install it with: {INSTALL_COMMAND}", file=sys.stderr)
        if host == "lambda":
            runtime_api.report_init_error(os.environ["AWS_LAMBDA_RUNTIME_API"], error)
        return 1
    torch.set_num_threads(threads)

    directory = os.environ.get("TOOLKIT_MODEL_DIR") or os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(directory, model + ".torchgraph")

    def load():
        return TorchGraph(path)

    def describe():
        """What the cold-start line carries beside the marks, read after the first response."""
        capability = re.search(r"CPU capability usage: (\w+)", torch.__config__.show())
        return {"host": host, "engine": "torch", "model": model, "isa": capability.group(1).lower() if capability else "unknown",
                "threads": str(threads), "build": "python", "torch": torch.__version__, "blas": blas_library()}

    if host == "lambda":
        import lambda_host
        lambda_host.run(os.environ["AWS_LAMBDA_RUNTIME_API"], model, load, timeline, describe)
    else:
        import http_host
        port = int(os.environ.get("SAGEMAKER_BIND_TO_PORT" if host == "sagemaker" else "PORT", "8080"))
        http_host.run(host, port, model, load, timeline, describe)
    return 0


def blas_library():
    """The BLAS torch's dense layers run on, as mapped: Debian's reference libblas or OpenBLAS (update-alternatives)."""
    with open("/proc/self/maps", encoding="ascii") as maps:
        names = [line.split()[-1].rsplit("/", 1)[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]]
    return names[0] if names else "none"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
