"""What every Python baseline here shares: figures as JSON lines, and a check that no child process is left."""
import json
import multiprocessing
import os
import sys


def emit(bench, metric, value, unit):
    """Prints one figure: {"bench", "impl": "python", "metric", "value", "unit"}."""
    if isinstance(value, float):
        value = float("%.6g" % value)
    print(json.dumps({"bench": bench, "impl": "python", "metric": metric, "value": value, "unit": unit}),
          flush=True)


def leftover_children():
    """Stops multiprocessing's fork server and resource tracker if they were started, then counts the direct
    children of this process still in /proc, alive or zombie: a clean run leaves 0."""
    multiprocessing.active_children()
    for module, attribute in (("multiprocessing.forkserver", "_forkserver"),
                              ("multiprocessing.resource_tracker", "_resource_tracker")):
        helper = getattr(sys.modules.get(module), attribute, None)
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            stop()
    me, count = os.getpid(), 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    count += int(f.read().rsplit(")", 1)[1].split()[1]) == me
            except (OSError, ValueError, IndexError):
                pass  # the process ended while we looked
    return count
