#!/usr/bin/env python3
"""The cost of measuring memory with psutil, the baseline for MemoryReadBench.

  read one process      psutil.Process(pid).memory_full_info() of one `sleep` (us)
  sample a tree         children(recursive=True) + memory_full_info() of each, of `sh` with 9 `sleep` children (ms)
  sampler CPU           a thread doing that plus virtual_memory() at 10 Hz, CPU of this process minus idle (% core),
                        two windows in a row as the Java side does (it has a JIT to warm up; Python does not)

Output: one JSON object per line {"bench", "impl", "metric", "value", "unit"}, metric names as MemoryReadBench's.
Usage: python3 memory_read.py [--quick]
"""
import os
import statistics
import subprocess
import sys
import threading
import time

import psutil

import baseline

TREE_SIZE = 10


def emit(metric, value, unit):
    baseline.emit("memory", metric, value, unit)


def pct(xs, p):
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, -(-p * len(s) // 100) - 1))]


def sample_tree(root):
    procs = [root] + root.children(recursive=True)
    return [p.memory_full_info() for p in procs]


def await_tree(root):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if 1 + len(root.children(recursive=True)) == TREE_SIZE:
            return
        time.sleep(0.02)
    raise RuntimeError("tree did not start: root=%d" % root.pid)


def timed(fn, n):
    for _ in range(n // 4):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def cpu_percent(window, sampler=None):
    stop = threading.Event()
    thread = None
    if sampler:
        def loop():
            next_at = time.monotonic()
            while not stop.is_set():
                sampler()
                psutil.virtual_memory()
                next_at += 0.1
                stop.wait(max(0.0, next_at - time.monotonic()))
        thread = threading.Thread(target=loop, name="memory-sampler", daemon=True)
    t = os.times()
    w0, c0 = time.monotonic(), t.user + t.system
    if thread:
        thread.start()
    time.sleep(window)
    stop.set()
    if thread:
        thread.join()
    t = os.times()
    return 100.0 * (t.user + t.system - c0) / (time.monotonic() - w0)


def main():
    quick = "--quick" in sys.argv[1:]
    shell = subprocess.Popen(["sh", "-c", "for i in $(seq %d); do sleep 600 & done; wait" % (TREE_SIZE - 1)])
    try:
        root = psutil.Process(shell.pid)
        await_tree(root)
        child = root.children()[0]
        reads = [s * 1e6 for s in timed(child.memory_full_info,
                                        200 if quick else 2000)]
        emit("read one process (smaps_rollup), median", statistics.median(reads), "us")
        emit("read one process (smaps_rollup), p99", pct(reads, 99), "us")
        samples = [s * 1e3 for s in timed(lambda: sample_tree(root), 20 if quick else 200)]
        emit("sample a 10-process tree, median", statistics.median(samples), "ms")
        emit("sample a 10-process tree, p99", pct(samples, 99), "ms")
        window = 2 if quick else 5
        idle = cpu_percent(window)
        cold = cpu_percent(window, lambda: sample_tree(root)) - idle
        warm = cpu_percent(window, lambda: sample_tree(root)) - idle
        emit("10 Hz sampler on a 10-process tree, CPU, first window", cold, "% core")
        emit("10 Hz sampler on a 10-process tree, CPU, steady", warm, "% core")
    finally:
        for p in psutil.Process(shell.pid).children(recursive=True):
            p.kill()
        shell.kill()
        shell.wait(10)


if __name__ == "__main__":
    main()
