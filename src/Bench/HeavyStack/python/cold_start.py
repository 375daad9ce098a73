"""The cold-start marks of this process and the one JSON line it prints about them.

The same marks, phases and line as the bootstrap's src/Bootstrap/Timeline/ColdStartTimeline.cs, so the coldstart
harness reads a Python process like any other build. Times are ms on CLOCK_MONOTONIC, the clock .NET's Stopwatch
reads, so the harness's spawn and response times line up with them. This process never loads beside its start: it
records "load": "sequential", and the phases follow the bootstrap's arithmetic for whichever order the marks show.
"""
import json
import os
import threading
import time

PROCESS_START = "process_start"
MAIN = "main"
RUNTIME_READY = "runtime_ready"
MODEL_LOADED = "model_loaded"
FIRST_INFERENCE = "first_inference"
ORDER = [PROCESS_START, MAIN, RUNTIME_READY, MODEL_LOADED, FIRST_INFERENCE]


def now_ms():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC) / 1e6


def process_start_ms():
    """When the kernel started this process: /proc/self/stat field 22, in clock ticks (10 ms)."""
    with open("/proc/self/stat", encoding="ascii") as stat:
        text = stat.read()
    # Field 2 (the command name) may hold spaces, so count from its closing parenthesis: fields[0] is field 3.
    fields = text[text.rindex(")") + 2:].split(" ")
    return int(fields[19]) * 1000 / os.sysconf("SC_CLK_TCK")


class Timeline:
    def __init__(self, main_ms):
        self.marks = {PROCESS_START: process_start_ms(), MAIN: main_ms}
        self.reported = False
        self.lock = threading.Lock()

    def mark(self, name):
        """Sets the mark to now, unless it is already set."""
        self.marks.setdefault(name, now_ms())

    def phases(self):
        """runtime_init, model_load and first_inference in ms, each stretch of process_start → first_inference once.

        A load before readiness (model_loaded < runtime_ready): model_load = main → model_loaded and runtime_init is
        process_start → runtime_ready less that load. A load after it: runtime_init = process_start → runtime_ready,
        model_load = runtime_ready → model_loaded. first_inference runs from the later of the two.
        """
        start, main, ready, loaded, first = (self.marks.get(m) for m in ORDER)
        loaded_first = ready is not None and loaded is not None and loaded < ready
        load = loaded - main if loaded_first else (loaded - ready if loaded is not None and ready is not None else None)
        phases = []
        if ready is not None:
            phases.append(("runtime_init", round(ready - start - (load if loaded_first else 0), 3)))
        if load is not None:
            phases.append(("model_load", round(load, 3)))
        if loaded is not None and first is not None:
            phases.append(("first_inference", round(first - (loaded if ready is None else max(loaded, ready)), 3)))
        return phases

    def server_timing(self):
        """The Server-Timing value of the first response: runtime_init;dur=…, model_load;dur=…, first_inference;dur=…"""
        # Three decimals without trailing zeros, as the bootstrap's "0.###".
        return ", ".join(f"{name};dur={duration:.3f}".rstrip("0").rstrip(".") for name, duration in self.phases())

    def report_once(self, describe):
        """Prints the {"event":"cold_start",…} line once, after the first inference; describe() gives its context."""
        with self.lock:
            if self.reported or FIRST_INFERENCE not in self.marks:
                return
            self.reported = True
        line = {"event": "cold_start", "load": "sequential", **describe(),
                "marks_ms": {m: round(self.marks[m], 3) for m in ORDER if m in self.marks},
                "phases_ms": dict(self.phases())}
        print(json.dumps(line, separators=(",", ":")), flush=True)
