"""Kernel start-up, small-cell round trips, their cost late in a long session and the stop of an interrupted busy
loop, Procbook's kernel beside IPython's, in one run.

Prints one JSON object per line, {"bench", "kernel", "metric", "value", "unit"}, like the Python baselines in
bench/python. Floors: an empty cell's round trip on each kernel (the protocol's share of any cell), and with --floors BENCH_JAR
a bare JShell evaluating the same cells in its own process, no kernel (CellFloor): declarations stay in JShell, so a
declaration cell cannot cost less than the two together.

Run with Debian's python: /usr/bin/python3 bench/kernel/kernel_latency.py [--quick] [--floors BENCH_JAR]
"""
import json
import os
import statistics
import subprocess
import sys
import time

import zmq
from jupyter_client.manager import KernelManager, start_new_kernel

# The same everyday cells in each language, under one label so the figures line up. A declaration whose value is a
# literal has its type read from the literal; one whose value is a call has it compiled: both are measured.
LABELS = ["add", "declare", "use", "max", "call", "declare_call"]
CELLS = ["1+1", "var x = 3;", "x * 2", "Math.max(x, 7)", "String.valueOf(x)", "var s = String.valueOf(x);"]
PY_CELLS = ["1+1", "x = 3", "x * 2", "max(x, 7)", "str(x)", "s = str(x)"]
# What a long session runs between the two measurements of "add": values, declarations, output, a two-statement
# cell, a method; the names cycle, as a user redefines the same few names.
SESSION = ["x * %d", "var v%d = x + 1;", 'System.out.print("")', "var w = %d; w + 1", "int f%d() { return 1; }"]
PY_SESSION = ["x * %d", "v%d = x + 1", 'print("", end="")', "w = %d\nw + 1", "def f%d(): return 1"]
SESSION_CELLS = 1000
# Windows of probes at each point of the session, for a median that one slow or quick stretch does not decide.
GROWTH_WINDOWS = 5
# Runs of the probe on each kernel before it is measured, for the JIT of both to have settled.
PROBE_WARMING = 600
# A cell that says it runs, then spins until interrupted; in Java one block, which JShell compiles before it runs.
BUSY = '{ System.out.println("running"); while (true) { } }'
PY_BUSY = 'print("running", flush=True)\nwhile True:\n    pass'


def emit(kernel, metric, value, unit):
    print(json.dumps({"bench": "kernel_latency", "kernel": kernel, "metric": metric,
                      "value": round(value, 3), "unit": unit}), flush=True)


def round_trip(kc, code):
    """Milliseconds from execute_request sent to the kernel's idle status for it."""
    start = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    elapsed = (time.perf_counter() - start) * 1000
    kc.get_shell_msg(timeout=60)
    return elapsed


def await_iopub(kc, msg_id, matches):
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id and matches(msg):
            return


def interrupt_to_idle(km, kc, code):
    """Milliseconds from interrupt_kernel(), sent once the busy cell has printed that it runs, to its idle status."""
    msg_id = kc.execute(code)
    await_iopub(kc, msg_id, lambda m: m["msg_type"] == "stream" and "running" in m["content"]["text"])
    start = time.perf_counter()
    km.interrupt_kernel()
    await_iopub(kc, msg_id, lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle")
    elapsed = (time.perf_counter() - start) * 1000
    kc.get_shell_msg(timeout=60)
    return elapsed


def cpu_ms(pid):
    """The CPU time the process `pid` has used, its threads' that ended included, in ms (10 ms ticks)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def thread_cpu_ms(pid):
    """The CPU time each live thread of the process `pid` has used, in ms, to the nanosecond (schedstat)."""
    times = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                times[tid] = int(f.read().split()[0]) / 1e6
        except OSError:  # the thread ended
            pass
    return times


def probe_windows(kernels, probe, repeats):
    """The probe's round trips on each of `kernels` ((kc, pid) pairs), taken in turn, over GROWTH_WINDOWS windows of
    `repeats` each: a stretch in which the machine is slow or quick (the kernel's threads and the client's share the
    cores) falls on all of them alike. Per kernel: the samples of each window, its CPU time per probe, and that of
    its busiest thread (the one that compiles cells), which neither waiting for a core nor the ZeroMQ I/O thread's
    varying cost changes."""
    cpu = [cpu_ms(pid) for _, pid in kernels]
    threads = [thread_cpu_ms(pid) for _, pid in kernels]
    windows = [[[] for _ in range(GROWTH_WINDOWS)] for _ in kernels]
    for w in range(GROWTH_WINDOWS):
        for i in range(repeats):
            # each goes first in turn: the one after the client's reading of the other's reply is not always the same
            order = range(len(kernels)) if i % 2 == 0 else reversed(range(len(kernels)))
            for k in order:
                windows[k][w].append(round_trip(kernels[k][0], probe))
    cells = GROWTH_WINDOWS * repeats
    cpu_per_cell = [(cpu_ms(pid) - before) / cells for (_, pid), before in zip(kernels, cpu)]
    busiest_per_cell = []
    for (_, pid), before in zip(kernels, threads):
        after = thread_cpu_ms(pid)
        busiest_per_cell.append(max(after[t] - before[t] for t in after if t in before) / cells)
    return windows, cpu_per_cell, busiest_per_cell


def run_session(kc, session, cells):
    for n in range(cells):
        template = session[n % len(session)]
        round_trip(kc, template % (n % 7) if "%d" in template else template)


def session_growth(kernel_name, old, probe, declaration, session, repeats):
    """A trivial cell (`probe`) and a declaration, after 10 cells of a session and after SESSION_CELLS: neither
    should grow. Two kernels are measured side by side, a fresh one after 10 cells and `old` (kc, pid) after
    SESSION_CELLS more, their cells taken in turn: one kernel's median moves from one window of cells to the next with
    nothing changed (Procbook's by up to a half on a 2-core machine), so two measurements at two times could not tell a
    growth of 10 %. Both have run the probe PROBE_WARMING times before: a fresh kernel's JIT takes a few hundred cells
    to settle (its CPU per `1+1` falls from 8 ms to 2-3), and a young kernel still warming would hide a growth. (A
    fresh Procbook kernel's CPU per cell stays 15 to 30 % above an old one's after that, all of it in JeroMQ's I/O
    thread: its cell thread's is the same.) The declaration is warmed only `repeats` times: each is a snippet more."""
    km, kc = start_new_kernel(kernel_name=kernel_name)
    try:
        young = (kc, km.provisioner.process.pid)
        run_session(old[0], session, SESSION_CELLS)
        run_session(young[0], session, 10)
        growth(kernel_name, "add", probe, young, old, PROBE_WARMING, repeats)
        growth(kernel_name, "declare", declaration, young, old, repeats, repeats)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def growth(kernel_name, label, code, young, old, warming, repeats):
    """`code`'s medians on the young and the old kernel, taken in turn after `warming` runs on each; their ratio with
    its smallest and largest over the windows; each kernel's CPU time per cell and its busiest thread's."""
    for k, _ in (young, old):
        for _ in range(warming):
            round_trip(k, code)
    (early, late), (early_cpu, late_cpu), (early_thread, late_thread) = probe_windows([young, old], code, repeats)
    early_median = statistics.median([ms for w in early for ms in w])
    late_median = statistics.median([ms for w in late for ms in w])
    ratios = [statistics.median(b) / statistics.median(a) for a, b in zip(early, late)]
    after = "after_%d" % SESSION_CELLS
    emit(kernel_name, "round_trip_median_after_10_cells[%s]" % label, early_median, "ms")
    emit(kernel_name, "round_trip_median_%s_cells[%s]" % (after, label), late_median, "ms")
    emit(kernel_name, "%s_over_after_10[%s]" % (after, label), late_median / early_median, "x")
    emit(kernel_name, "%s_over_after_10_window_min[%s]" % (after, label), min(ratios), "x")
    emit(kernel_name, "%s_over_after_10_window_max[%s]" % (after, label), max(ratios), "x")
    emit(kernel_name, "kernel_cpu_per_cell_after_10[%s]" % label, early_cpu, "ms")
    emit(kernel_name, "kernel_cpu_per_cell_%s[%s]" % (after, label), late_cpu, "ms")
    emit(kernel_name, "kernel_cpu_%s_over_after_10[%s]" % (after, label), late_cpu / early_cpu, "x")
    emit(kernel_name, "busiest_thread_cpu_per_cell_after_10[%s]" % label, early_thread, "ms")
    emit(kernel_name, "busiest_thread_cpu_per_cell_%s[%s]" % (after, label), late_thread, "ms")
    emit(kernel_name, "busiest_thread_cpu_%s_over_after_10[%s]" % (after, label), late_thread / early_thread, "x")


def start(kernel_name):
    """Starts a kernel; returns (km, kc, seconds from launch to its kernel_info_reply, seconds until start_new_kernel
    would have returned). A kernel_info_request sent at launch waits in ZeroMQ until the kernel binds its socket, and
    its reply is read as it comes; start_new_kernel then also waits for IOPub, polling it every 0.2 s, and with it
    both kernels' starts fell on 0.5 or 0.75 s, whatever they took. Until the kernel binds, the client's sockets
    retry their connection every 100 ms (ZeroMQ's default), which rounded the reply's time up to a tenth of a second
    too: they retry every 5 ms here, for both kernels."""
    km = KernelManager(kernel_name=kernel_name)
    km.context.setsockopt(zmq.RECONNECT_IVL, 5)
    t = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    while kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg_id:
        pass
    replied = time.perf_counter() - t
    kc.wait_for_ready(timeout=60)  # as start_new_kernel: IOPub connected, and flushed
    return km, kc, replied, time.perf_counter() - t


def measure(kernel_name, cells, busy, session, starts, repeats):
    start_times, ready_times = [], []
    for i in range(starts):
        km, kc, replied, ready = start(kernel_name)
        start_times.append(replied)
        ready_times.append(ready)
        if i < starts - 1:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    emit(kernel_name, "start_to_kernel_info_reply_median", statistics.median(start_times), "s")
    emit(kernel_name, "start_new_kernel_median", statistics.median(ready_times), "s")
    try:
        # "first": the cells run right after start-up, while the kernel may still be warming up;
        # "steady": the same cells once each has run a few dozen times, as in a working session.
        for phase in ("first", "steady"):
            for label, code in zip(LABELS, cells):
                samples = [round_trip(kc, code) for _ in range(repeats)]
                emit(kernel_name, "round_trip_median_%s[%s]" % (phase, label), statistics.median(samples), "ms")
        # the protocol's floor: a cell with no code, which neither kernel compiles
        samples = [round_trip(kc, "") for _ in range(repeats)]
        emit(kernel_name, "round_trip_median_steady[empty]", statistics.median(samples), "ms")
        session_growth(kernel_name, (kc, km.provisioner.process.pid), cells[0], cells[1], session, repeats)
        stops = [interrupt_to_idle(km, kc, busy) for _ in range(max(3, repeats // 6))]
        emit(kernel_name, "interrupt_busy_loop_to_idle_median", statistics.median(stops), "ms")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def jshell_floor(jar, repeats):
    """A bare JShell's own time for each cell, in its process: what declarations cost before the kernel adds any."""
    cells = ["%s=%s" % (label, code) for label, code in zip(LABELS, CELLS)]
    # with the kernel's JIT (launch.sh): the quick compiler only
    out = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-cp", jar, "dev.procbook.bench.CellFloor",
                          str(repeats * 3)] + cells,
                         check=True, capture_output=True, text=True).stdout
    print(out, end="", flush=True)


def main():
    quick = "--quick" in sys.argv
    global SESSION_CELLS, PROBE_WARMING
    starts, repeats = (2, 10) if quick else (5, 30)
    SESSION_CELLS, PROBE_WARMING = (300, 100) if quick else (SESSION_CELLS, PROBE_WARMING)
    measure("python3", PY_CELLS, PY_BUSY, PY_SESSION, starts, repeats)
    measure("procbook", CELLS, BUSY, SESSION, starts, repeats)
    if "--floors" in sys.argv:
        jshell_floor(sys.argv[sys.argv.index("--floors") + 1], repeats)


if __name__ == "__main__":
    main()
