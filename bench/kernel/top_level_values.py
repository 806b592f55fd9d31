"""What carrying top-level variables to workers costs: pool.map of 10 000 small items from a cell whose function
reads two top-level variables, beside the same map with the two values captured as the lambda's arguments.

Runs in the Procbook kernel through the Jupyter client; the two forms alternate, each timed inside the kernel.
Prints one JSON object per line, {"bench", "kernel", "metric", "value", "unit"}.
Run with Debian's python: /usr/bin/python3 bench/kernel/top_level_values.py [--quick]
"""
import json
import sys

from jupyter_client.manager import start_new_kernel

SETUP = """
var pool = Pool.create(2);
int factor = 3;
int offset = 7;
var items = java.util.stream.IntStream.range(0, 10_000).boxed().toList();
long[] timed(Runnable r, int rounds) {
    long[] out = new long[rounds];
    for (int i = 0; i < rounds; i++) { long t = System.nanoTime(); r.run(); out[i] = System.nanoTime() - t; }
    return out;
}
double medianMs(List<Long> xs) { var s = new ArrayList<>(xs); Collections.sort(s); return s.get(s.size() / 2) / 1e6; }
"""

# Alternating rounds, so that a slow phase of the machine weighs on both forms alike.
MEASURE = """
var topLevel = new ArrayList<Long>();
var captured = new ArrayList<Long>();
for (int round = 0; round < %d; round++) {
    topLevel.add(timed(() -> pool.map(x -> x * factor + offset, items), 1)[0]);
    int f = factor, o = offset;
    captured.add(timed(() -> pool.map(x -> x * f + o, items), 1)[0]);
}
System.out.println(medianMs(topLevel) + " " + medianMs(captured));
"""


def run(kc, code):
    msg_id = kc.execute(code)
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=600)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            raise RuntimeError("\n".join(msg["content"]["traceback"]))
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(out)


def emit(metric, value, unit):
    print(json.dumps({"bench": "top_level_values", "kernel": "procbook", "metric": metric,
                      "value": round(value, 3), "unit": unit}), flush=True)


def main():
    rounds = 10 if "--quick" in sys.argv else 40
    km, kc = start_new_kernel(kernel_name="procbook")
    try:
        run(kc, SETUP)
        run(kc, MEASURE % 5)  # warm-up: the JIT, the workers' class loading
        top_level, captured = map(float, run(kc, MEASURE % rounds).split())
        emit("map_10k_reads_2_top_level_median", top_level, "ms")
        emit("map_10k_2_captured_args_median", captured, "ms")
        emit("top_level_over_captured", top_level / captured, "ratio")
        run(kc, "pool.close();")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
