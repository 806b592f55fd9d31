#!/usr/bin/env python3
"""What a worker weighs by start method, and what big data made before or after the workers start does to them.

  worker_memory.<method>            a Pool(2) worker after a trivial map: PSS, RSS, Shared_Clean (MiB, mean of 2)
  worker_memory.data_<when>_fork    256 MiB made in the parent before or after a fork Pool(2) starts, each worker
                                    reading none of it: a worker's RSS and PSS, and the parent's PSS (MiB)
Methods: fork, spawn, forkserver. From /proc/PID/smaps_rollup. Usage: /usr/bin/python3 bench/python/worker_memory.py
"""
import multiprocessing
import os
import time

from baseline import emit, leftover_children

DATA_MIB = 256


def rollup(pid):
    fields = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1]) / 1024
    return fields


def workers_of(pool):
    return [p.pid for p in pool._pool]


def by_method(method):
    with multiprocessing.get_context(method).Pool(2) as pool:
        pool.map(abs, range(4))
        time.sleep(0.5)
        memory = [rollup(pid) for pid in workers_of(pool)]
    for field in ("Pss", "Rss", "Shared_Clean"):
        emit("worker_memory." + method, field.lower() + "_mean", sum(m[field] for m in memory) / len(memory), "MiB")


def data(before):
    ctx = multiprocessing.get_context("fork")
    big = bytearray(DATA_MIB << 20) if before else None
    if big is not None:
        big[::4096] = b"x" * len(big[::4096])  # every page resident in the parent
    with ctx.Pool(2) as pool:
        pool.map(abs, range(4))
        if big is None:
            big = bytearray(DATA_MIB << 20)
            big[::4096] = b"x" * len(big[::4096])
        time.sleep(0.5)
        worker = rollup(workers_of(pool)[0])
        parent = rollup(os.getpid())
    name = "worker_memory.data_%s_fork" % ("before" if before else "after")
    emit(name, "worker_rss", worker["Rss"], "MiB")
    emit(name, "worker_pss", worker["Pss"], "MiB")
    emit(name, "parent_pss", parent["Pss"], "MiB")
    del big


def main():
    for method in ("fork", "spawn", "forkserver"):
        by_method(method)
    data(before=True)
    data(before=False)
    emit("worker_memory", "leftover_children", leftover_children(), "count")


if __name__ == "__main__":
    main()
