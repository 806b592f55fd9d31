"""The memory a kernel and its workers weigh, Procbook's beside IPython's and Python's multiprocessing, in one run.

  idle kernel        PSS of the kernel process every 2 s from its kernel_info_reply to 60 s idle (MiB): the peak
                     and the last, and the worst ratio to IPython's at the same moment; and the CPU time it spends
                     per second of the second half (ms/s), its threads' wake-ups
  one worker         PSS of one pool worker after a trivial task (MiB): a Procbook Pool(1) worker beside a Python
                     Pool(1) worker started with spawn and with fork, each made from its own kernel
  kernel + Pool(4)   PSS of the kernel and its four workers after a trivial map (MiB), each side
  floors             PSS of a JVM alone that does nothing, started with a worker's options, and of a JVM alone
                     whose JShell evaluated two snippets (what the kernel is built on), from --floors JAR (the bench
                     jar; bench/run passes it): what no JVM worker or JShell kernel can go below
PSS from /proc/PID/smaps_rollup. Prints one JSON object per line {"bench", "kernel", "metric", "value", "unit"}.
Run with Debian's python: /usr/bin/python3 bench/kernel/footprint.py [--quick] [--floors BENCH_JAR]
"""
import json
import subprocess
import sys
import time

from jupyter_client.manager import start_new_kernel

from kernel_latency import cpu_ms


def pss_mib(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return float("nan")
    return float("nan")


def emit(kernel, metric, value, unit="MiB"):
    print(json.dumps({"bench": "footprint", "kernel": kernel, "metric": metric, "value": round(value, 2),
                      "unit": unit}), flush=True)


def run(kc, code):
    msg_id = kc.execute(code)
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=300)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "stream":
            out.append(msg["content"]["text"])
        elif kind == "error":
            raise RuntimeError("\n".join(msg["content"]["traceback"]))
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(out)


# A spawn pool's semaphores are named files in /dev/shm until their objects are collected (its resource tracker would
# unlink them at exit, but the kernel is killed with it): collected before the kernel is shut down.
PY_CLOSE = "pool.terminate()\npool.join()\ndel pool\nimport gc\ngc.collect()"

POOL = {
    "procbook": ("var pool = Pool.create(%d); pool.map(x -> x, List.of(1, 2, 3, 4)); "
                 "System.out.println(pool.pids().stream().map(String::valueOf).collect(Collectors.joining(\" \")));",
                 "pool.close();"),
    "python3-spawn": ("import multiprocessing as mp\npool = mp.get_context('spawn').Pool(%d)\npool.map(abs, [1, 2, 3, 4])\n"
                      "print(' '.join(str(p.pid) for p in pool._pool))", PY_CLOSE),
    "python3-fork": ("import multiprocessing as mp\npool = mp.get_context('fork').Pool(%d)\npool.map(abs, [1, 2, 3, 4])\n"
                     "print(' '.join(str(p.pid) for p in pool._pool))", PY_CLOSE),
}


def kernel_pid(km):
    return km.provisioner.process.pid if hasattr(km, "provisioner") else km.kernel.pid


def idle_curve(kernel_name, seconds):
    """The kernel's PSS every 2 s while it idles, and the CPU time it spends per second over the second half of that
    (after start-up's warming): an idle kernel's threads should sleep."""
    km, kc = start_new_kernel(kernel_name=kernel_name)
    try:
        pid = kernel_pid(km)
        curve = []
        start = time.monotonic()
        half = None
        while time.monotonic() - start <= seconds:
            curve.append(pss_mib(pid))
            if half is None and time.monotonic() - start >= seconds / 2:
                half = (time.monotonic(), cpu_ms(pid))
            time.sleep(2)
        return curve, (cpu_ms(pid) - half[1]) / (time.monotonic() - half[0])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def with_pool(label, kernel_name, n):
    km, kc = start_new_kernel(kernel_name=kernel_name)
    try:
        make, close = POOL[label]
        pids = [int(p) for p in run(kc, make % n).split()]
        time.sleep(1)
        workers = [pss_mib(p) for p in pids]
        kernel = pss_mib(kernel_pid(km))
        run(kc, close)
        return kernel, workers
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


WORKER_OPTIONS = ["-XX:+UseSerialGC", "-Xss4m", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"]


def floors(jar):
    for mode, options in (("jvm", WORKER_OPTIONS), ("jshell", [])):
        out = subprocess.run(["java"] + options + ["-cp", jar, "dev.procbook.bench.FootprintFloor", mode],
                             capture_output=True, text=True, timeout=300, check=True).stdout
        emit("floor", "floor_pss_idle_%s_alone" % mode, float(out.strip().splitlines()[-1]))


def main():
    if "--floors" in sys.argv:
        floors(sys.argv[sys.argv.index("--floors") + 1])
    seconds = 20 if "--quick" in sys.argv else 60
    ours, our_cpu = idle_curve("procbook", seconds)
    theirs, their_cpu = idle_curve("python3", seconds)
    for name, curve, cpu in (("procbook", ours, our_cpu), ("python3", theirs, their_cpu)):
        emit(name, "idle_kernel_pss_peak", max(curve))
        emit(name, "idle_kernel_pss_at_%ds" % seconds, curve[-1])
        emit(name, "idle_kernel_cpu_per_s", cpu, "ms")
    ratios = [a / b for a, b in zip(ours, theirs)]
    emit("procbook", "idle_kernel_pss_worst_ratio_to_ipython", max(ratios), "ratio")
    for label, kernel_name in (("procbook", "procbook"), ("python3-spawn", "python3"), ("python3-fork", "python3")):
        _, workers = with_pool(label, kernel_name, 1)
        emit(label, "one_worker_pss_after_task", workers[0])
        kernel, workers = with_pool(label, kernel_name, 4)
        emit(label, "kernel_plus_pool4_pss", kernel + sum(workers))


if __name__ == "__main__":
    main()
