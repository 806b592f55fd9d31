#!/usr/bin/env python3
"""What starting workers costs with each of Python's start methods: the baseline for PoolStartBench.

  process_start_join        Process(target=noop).start() and .join()                       (ms)
  pool2_create_first_task   Pool(2) made and one apply() answered                            (ms)
  pool2_teardown            close() and join() of that pool                                  (ms)
Each is reported as the median of the warm repeats and, apart, the first repeat (for forkserver it starts the
server). Usage: /usr/bin/python3 bench/python/pool_start.py [--quick]
"""
import multiprocessing
import statistics
import sys
import time

from baseline import emit, leftover_children


def noop(x=None):
    return x


def timed_ms(action):
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1e3, result


def start_method(method, process_repeats, pool_repeats):
    ctx = multiprocessing.get_context(method)
    starts = []
    for _ in range(process_repeats):
        p = ctx.Process(target=noop)
        ms, _ = timed_ms(lambda: (p.start(), p.join(60)))
        if p.exitcode != 0:
            raise RuntimeError("child failed: method=%s, exitcode=%s" % (method, p.exitcode))
        starts.append(ms)
    creates, teardowns = [], []
    for _ in range(pool_repeats):
        start = time.perf_counter()
        pool = ctx.Pool(2)
        try:
            if pool.apply_async(noop, (1,)).get(60) != 1:
                raise RuntimeError("wrong answer from the pool: method=%s" % method)
            created = time.perf_counter()
            pool.close()
            pool.join()
        except BaseException:
            pool.terminate()
            raise
        creates.append((created - start) * 1e3)
        teardowns.append((time.perf_counter() - created) * 1e3)
    name = "pool_start." + method
    for metric, samples in (("process_start_join", starts), ("pool2_create_first_task", creates)):
        emit(name + "." + metric, "warm_median", statistics.median(samples[1:]), "ms")
        emit(name + "." + metric, "first", samples[0], "ms")
    emit(name + ".pool2_teardown", "warm_median", statistics.median(teardowns[1:]), "ms")


def main():
    process_repeats, pool_repeats = (11, 6) if "--quick" in sys.argv else (41, 21)
    start = time.perf_counter()
    for method in ("fork", "spawn", "forkserver"):
        start_method(method, process_repeats, pool_repeats)
    emit("pool_start", "leftover_children", leftover_children(), "count")
    emit("pool_start", "script_wall", time.perf_counter() - start, "s")


if __name__ == "__main__":
    main()
