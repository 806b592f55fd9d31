#!/usr/bin/env python3
"""What a manager proxy call costs in Python: the baseline for ManagerProxyBench and notebook 01, same protocol.

A BaseManager serves one class, Counter (method inc(k), attribute value), behind three kinds of proxy:
  autoproxy   the default AutoProxy: one request per method call
  namespace   NamespaceProxy, read by attribute (p.value): one request
  objproxy    the seed's ObjProxy, a NamespaceProxy whose __getattr__ fetches a method remotely and then calls it:
              two requests per method call, and the first ships the bound method, that is the whole object
Figures:
  manager_proxy.manager_lifecycle.<fork|spawn>   start, making an object and its first call, shutdown (ms, median)
  manager_proxy.1client.<kind>.<op>              round trip median and p99 (us), calls/s, from this process
  manager_proxy.2clients.<kind>.inc              the same from two client processes at once on one object; calls/s
                                                 of both together, over the span from the first start to the last end
  manager_proxy.one_core.<1client|2clients>.autoproxy.inc
                                                 with --one-core (bench/run runs it under taskset -c 0): only the
                                                 AutoProxy calls, every process on one core (ManagerProxyBench --one-core)
Client processes are forked. Usage: /usr/bin/python3 bench/python/manager_proxy.py [--quick] [--one-core]
"""
import math
import multiprocessing
import statistics
import sys
import time
import types
from multiprocessing.managers import BaseManager, NamespaceProxy

from baseline import emit, leftover_children

FORK = multiprocessing.get_context("fork")
WAIT = 120.0  # seconds: a longer wait is a hang


class Counter:
    def __init__(self):
        self.value = 0

    def inc(self, k):
        self.value += k
        return self.value


class Method:
    """The seed's picklable stand-in for a remote method: a name and the proxy's _callmethod."""

    def __init__(self, name, call):
        self.name = name
        self.call = call

    def get(self, *args, **kwargs):
        return self.call(self.name, args, kwargs)


class ObjProxy(NamespaceProxy):
    """The seed's proxy: any attribute is fetched from the server; a method is then called through _callmethod."""

    def __getattr__(self, name):
        value = super().__getattr__(name)
        if isinstance(value, types.MethodType):
            return Method(name, self._callmethod).get
        return value


class CounterManager(BaseManager):
    pass


CounterManager.register("Counter", Counter)
CounterManager.register("CounterNS", Counter, NamespaceProxy)
CounterManager.register("CounterObj", Counter, ObjProxy, exposed=tuple(dir(Counter)))

OPERATIONS = {
    "autoproxy.inc": ("Counter", lambda p: p.inc(1)),
    "namespace.getattr_value": ("CounterNS", lambda p: p.value),
    "objproxy.inc": ("CounterObj", lambda p: p.inc(1)),
    "objproxy.getattr_value": ("CounterObj", lambda p: p.value),
}


def nearest_rank(samples, p):
    s = sorted(samples)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))]


def timed(op, proxy, n):
    """Each call's nanoseconds, and the run's start and end (perf_counter, one clock for every process)."""
    clock = time.perf_counter_ns
    ns = [0] * n
    start = time.perf_counter()
    for i in range(n):
        t0 = clock()
        op(proxy)
        ns[i] = clock() - t0
    return ns, start, time.perf_counter()


def lifecycle(method, repeats):
    ctx = multiprocessing.get_context(method)
    start, first, shut = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        manager = CounterManager(ctx=ctx)
        manager.start()
        t1 = time.perf_counter()
        counter = manager.Counter()
        counter.inc(1)
        t2 = time.perf_counter()
        del counter
        manager.shutdown()
        t3 = time.perf_counter()
        start.append((t1 - t0) * 1e3)
        first.append((t2 - t1) * 1e3)
        shut.append((t3 - t2) * 1e3)
    bench = "manager_proxy.manager_lifecycle." + method
    emit(bench, "start_median", statistics.median(start), "ms")
    emit(bench, "create_object_and_first_call_median", statistics.median(first), "ms")
    emit(bench, "shutdown_median", statistics.median(shut), "ms")


def one_client(prefix, names, proxies, n, repeats, warmup):
    for name in names:
        typeid, op = OPERATIONS[name]
        proxy = proxies[typeid]
        for _ in range(warmup):
            op(proxy)
        medians, p99s, rates = [], [], []
        for _ in range(repeats):
            ns, t0, t1 = timed(op, proxy, n)
            medians.append(statistics.median(ns) / 1e3)
            p99s.append(nearest_rank(ns, 99) / 1e3)
            rates.append(n / (t1 - t0))
        bench = prefix + ".1client." + name
        emit(bench, "rtt_median", statistics.median(medians), "us")
        emit(bench, "rtt_p99", statistics.median(p99s), "us")
        emit(bench, "calls_per_s", statistics.median(rates), "calls/s")


def client(name, proxy, n, warmup, ready, go, out):
    op = OPERATIONS[name][1]
    for _ in range(warmup):
        op(proxy)
    ready.put(True)
    go.wait(WAIT)
    out.send(timed(op, proxy, n))
    out.close()


def two_clients(name, proxy, n, warmup):
    ready, go = FORK.SimpleQueue(), FORK.Event()
    pipes = [FORK.Pipe(duplex=False) for _ in range(2)]
    children = [FORK.Process(target=client, args=(name, proxy, n, warmup, ready, go, tx), daemon=True)
                for _, tx in pipes]
    for c in children:
        c.start()
    try:
        for _ in children:
            ready.get()
        go.set()
        runs = []
        for rx, _ in pipes:
            if not rx.poll(WAIT):
                raise RuntimeError("a client hung: op=%s" % name)
            runs.append(rx.recv())
    finally:
        for c in children:
            c.join(10)
            if c.is_alive():
                c.terminate()
                c.join(5)
        for rx, tx in pipes:
            rx.close()
            tx.close()
        ready.close()
    ns = [x for run, _, _ in runs for x in run]
    span = max(end for _, _, end in runs) - min(start for _, start, _ in runs)
    return statistics.median(ns) / 1e3, nearest_rank(ns, 99) / 1e3, 2 * n / span


def main():
    quick = "--quick" in sys.argv
    one_core = "--one-core" in sys.argv
    n, repeats, warmup = (1500, 3, 200) if quick else (10_000, 5, 1000)
    prefix = "manager_proxy.one_core" if one_core else "manager_proxy"
    started = time.perf_counter()
    if not one_core:
        for method in ("fork", "spawn"):
            lifecycle(method, 3 if quick else 10)
    manager = CounterManager(ctx=FORK)
    manager.start()
    try:
        proxies = {typeid: getattr(manager, typeid)() for typeid in ("Counter", "CounterNS", "CounterObj")}
        one_client(prefix, ["autoproxy.inc"] if one_core else list(OPERATIONS), proxies, n, repeats, warmup)
        two = ["autoproxy.inc"] if one_core else ["autoproxy.inc", "objproxy.inc"]
        for name in two:
            runs = [two_clients(name, proxies[OPERATIONS[name][0]], n, warmup // 2) for _ in range(repeats)]
            bench = prefix + ".2clients." + name
            emit(bench, "rtt_median", statistics.median(r[0] for r in runs), "us")
            emit(bench, "rtt_p99", statistics.median(r[1] for r in runs), "us")
            emit(bench, "calls_per_s_aggregate", statistics.median(r[2] for r in runs), "calls/s")
        expected = warmup + repeats * n + repeats * 2 * (warmup // 2 + n)
        if proxies["Counter"].inc(0) != expected or not one_core and proxies["CounterObj"].value != expected:
            raise RuntimeError("an increment was lost: expected=%d" % expected)
        del proxies
    finally:
        manager.shutdown()
    emit(prefix, "leftover_children", leftover_children(), "count")
    emit(prefix, "script_wall", time.perf_counter() - started, "s")


if __name__ == "__main__":
    main()
