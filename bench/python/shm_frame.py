#!/usr/bin/env python3
"""Python's SharedMemory path, the baseline for FrameBench: two workers sum a 256 MiB int64 column.

  two_workers_sum_256MiB : a 256 MiB numpy int64 array (values i % 1000) in a SharedMemory segment made before
                           the clock starts; timed from just before Pool(2) (fork) is made until both workers,
                           each attaching the segment by name, have summed it (ms, median and first)
  two_workers_sum_256MiB.floor : in this process, as FrameBench measures ours: numpy's sum of the same bytes over
                           a mapping touched before (warm_sum_median), attaching the segment again and summing
                           once, so the kernel fills the new mapping's page tables (first_touch_median; the close
                           is not timed)
  two_workers_sum_256MiB.ratio : median_to_first_touch, the figure over the first-touch floor

Output: one JSON object per line {"bench", "impl", "metric", "value", "unit"}.
Usage: python3 shm_frame.py [--quick]
"""
import json
import multiprocessing as mp
import statistics
import sys
import time
from multiprocessing import shared_memory

import numpy as np

SIZE = 256 << 20
CTX = mp.get_context("fork")


def emit(bench, metric, value, unit):
    print(json.dumps({"bench": bench, "impl": "python", "metric": metric, "value": float("%.6g" % value),
                      "unit": unit}), flush=True)


def worker_sum(name):
    # forked workers share the parent's resource tracker, and the parent unlinks: no unregister here
    shm = shared_memory.SharedMemory(name=name)
    a = np.ndarray((SIZE // 8,), dtype=np.int64, buffer=shm.buf)
    s = int(a.sum())
    del a
    shm.close()
    return s


def first_touch_ms(name, expected):
    t0 = time.perf_counter()
    shm = shared_memory.SharedMemory(name=name)
    a = np.ndarray((SIZE // 8,), dtype=np.int64, buffer=shm.buf)
    s = int(a.sum())
    ms = (time.perf_counter() - t0) * 1e3
    del a
    shm.close()
    if s != expected:
        raise RuntimeError("bad sum %d, expected %d" % (s, expected))
    return ms


def floors(shm, expected, repeats):
    """The warm and first-touch floors, in this process."""
    a = np.ndarray((SIZE // 8,), dtype=np.int64, buffer=shm.buf)
    warm = []
    for _ in range(15):
        t0 = time.perf_counter()
        s = int(a.sum())
        warm.append((time.perf_counter() - t0) * 1e3)
        if s != expected:
            raise RuntimeError("bad sum %d, expected %d" % (s, expected))
    del a
    first = [first_touch_ms(shm.name, expected) for _ in range(repeats)]
    return statistics.median(warm), statistics.median(first)


def main():
    repeats = 3 if "--quick" in sys.argv else 7
    t_script = time.perf_counter()
    shm = shared_memory.SharedMemory(create=True, size=SIZE)
    try:
        a = np.ndarray((SIZE // 8,), dtype=np.int64, buffer=shm.buf)
        a[:] = np.arange(SIZE // 8, dtype=np.int64) % 1000
        expected = int(a.sum())
        del a
        ms = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            with CTX.Pool(2) as pool:
                sums = pool.map(worker_sum, [shm.name, shm.name], chunksize=1)
                ms.append((time.perf_counter() - t0) * 1e3)
            if sums != [expected, expected]:
                raise RuntimeError("bad sums %r, expected %d" % (sums, expected))
        warm, first_touch = floors(shm, expected, repeats)
    finally:
        shm.close()
        shm.unlink()
    emit("shm_frame.two_workers_sum_256MiB", "median", statistics.median(ms), "ms")
    emit("shm_frame.two_workers_sum_256MiB", "first", ms[0], "ms")
    emit("shm_frame.two_workers_sum_256MiB.floor", "warm_sum_median", warm, "ms")
    emit("shm_frame.two_workers_sum_256MiB.floor", "first_touch_median", first_touch, "ms")
    emit("shm_frame.two_workers_sum_256MiB.ratio", "median_to_first_touch", statistics.median(ms) / first_touch, "x")
    emit("shm_frame", "leftover_children", len(mp.active_children()), "count")
    emit("shm_frame", "script_wall", time.perf_counter() - t_script, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
