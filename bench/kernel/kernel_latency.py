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

from jupyter_client.manager import start_new_kernel

# The same everyday cells in each language, under one label so the figures line up.
LABELS = ["add", "declare", "use", "max", "call"]
CELLS = ["1+1", "var x = 3;", "x * 2", "Math.max(x, 7)", "String.valueOf(x)"]
PY_CELLS = ["1+1", "x = 3", "x * 2", "max(x, 7)", "str(x)"]
# What a long session runs between the two measurements of "add": values, declarations, output, a two-statement
# cell, a method; the names cycle, as a user redefines the same few names.
SESSION = ["x * %d", "var v%d = x + 1;", 'System.out.print("")', "var w = %d; w + 1", "int f%d() { return 1; }"]
PY_SESSION = ["x * %d", "v%d = x + 1", 'print("", end="")', "w = %d\nw + 1", "def f%d(): return 1"]
SESSION_CELLS = 1000
# Windows of probes at each point of the session, for a median that one slow or quick stretch does not decide.
GROWTH_WINDOWS = 5
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


def probe_windows(kc, pid, probe, repeats):
    """The probe's median over GROWTH_WINDOWS consecutive windows of `repeats` round trips; the largest window median
    over the smallest (how much two measurements of the same thing at the same point differ); and the kernel's CPU
    time per probe, which waiting for a core does not change."""
    cpu = cpu_ms(pid)
    windows = [[round_trip(kc, probe) for _ in range(repeats)] for _ in range(GROWTH_WINDOWS)]
    cpu_per_cell = (cpu_ms(pid) - cpu) / (GROWTH_WINDOWS * repeats)
    medians = [statistics.median(w) for w in windows]
    return statistics.median([ms for w in windows for ms in w]), max(medians) / min(medians), cpu_per_cell


def session_growth(kernel_name, kc, pid, probe, declaration, session, repeats):
    """The probe cell's median after 10 cells of a session and after SESSION_CELLS: it should not grow. Each is taken
    over several windows, with their spread beside it: a kernel's median moves from one window to the next with nothing
    changed (Procbook's by up to a half on a 2-core machine, as its threads and the client's share the cores), so one
    window could not tell a growth of 10 %. The kernel's CPU time per probe cell, beside it, does not depend on how the
    threads share the cores. Then the declaration's median there too: the JIT is warm by then, as it is in a session
    of some length."""
    ran = 0

    def run_session_until(total):
        nonlocal ran
        while ran < total:
            template = session[ran % len(session)]
            round_trip(kc, template % (ran % 7) if "%d" in template else template)
            ran += 1

    run_session_until(10)
    early, early_spread, early_cpu = probe_windows(kc, pid, probe, repeats)
    run_session_until(SESSION_CELLS)
    late, late_spread, late_cpu = probe_windows(kc, pid, probe, repeats)
    emit(kernel_name, "round_trip_median_after_10_cells[add]", early, "ms")
    emit(kernel_name, "round_trip_median_after_%d_cells[add]" % SESSION_CELLS, late, "ms")
    emit(kernel_name, "after_%d_over_after_10[add]" % SESSION_CELLS, late / early, "x")
    emit(kernel_name, "window_spread_after_10[add]", early_spread, "x")
    emit(kernel_name, "window_spread_after_%d[add]" % SESSION_CELLS, late_spread, "x")
    emit(kernel_name, "kernel_cpu_per_cell_after_10[add]", early_cpu, "ms")
    emit(kernel_name, "kernel_cpu_per_cell_after_%d[add]" % SESSION_CELLS, late_cpu, "ms")
    emit(kernel_name, "kernel_cpu_after_%d_over_after_10[add]" % SESSION_CELLS, late_cpu / early_cpu, "x")
    declared = statistics.median([round_trip(kc, declaration) for _ in range(repeats)])
    emit(kernel_name, "round_trip_median_after_%d_cells[declare]" % SESSION_CELLS, declared, "ms")


def measure(kernel_name, cells, busy, session, starts, repeats):
    start_times = []
    for i in range(starts):
        t = time.perf_counter()
        km, kc = start_new_kernel(kernel_name=kernel_name)  # returns after kernel_info_reply
        start_times.append(time.perf_counter() - t)
        if i < starts - 1:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    emit(kernel_name, "start_to_kernel_info_reply_median", statistics.median(start_times), "s")
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
        session_growth(kernel_name, kc, km.provisioner.process.pid, cells[0], cells[1], session, repeats)
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
    global SESSION_CELLS
    starts, repeats = (2, 10) if quick else (5, 30)
    SESSION_CELLS = 300 if quick else SESSION_CELLS
    measure("python3", PY_CELLS, PY_BUSY, PY_SESSION, starts, repeats)
    measure("procbook", CELLS, BUSY, SESSION, starts, repeats)
    if "--floors" in sys.argv:
        jshell_floor(sys.argv[sys.argv.index("--floors") + 1], repeats)


if __name__ == "__main__":
    main()
