#!/usr/bin/env python3
"""Pipe against Queue between a parent and one child: the baseline for PipeQueueBench, same protocol.

  one-way       the parent sends n messages, the child receives them and acknowledges each round on a second
                pipe; a round is timed from the first send to the acknowledgement, round 0 is a warm-up.
                64-byte bytes and a 3-tuple (msgs/s); 1 MiB and 64 MiB bytes (MB/s, 1e6 B/s).
                Kinds: pipe (send/recv), pipe_bytes (send_bytes/recv_bytes), queue, simplequeue.
  round trip    64 bytes to an echoing child over a duplex pipe and back: median and p99 (us), round trips/s.
Start method: fork. Usage: /usr/bin/python3 bench/python/pipe_queue.py [--quick]
"""
import math
import multiprocessing
import statistics
import sys
import time

from baseline import emit, leftover_children

CTX = multiprocessing.get_context("fork")
WAIT = 120.0  # seconds: a longer wait is a hang
KINDS = ("pipe", "pipe_bytes", "queue", "simplequeue")


def receiver(kind, rx):
    return {"pipe": lambda: rx.recv, "pipe_bytes": lambda: rx.recv_bytes}.get(kind, lambda: rx.get)()


def sender(kind, tx):
    return {"pipe": lambda: tx.send, "pipe_bytes": lambda: tx.send_bytes}.get(kind, lambda: tx.put)()


def consume(kind, rx, ack, n, rounds):
    get = receiver(kind, rx)
    ack.send("ready")
    for r in range(rounds):
        for _ in range(n):
            get()
        ack.send(r)


def channel(kind):
    if kind in ("pipe", "pipe_bytes"):
        return CTX.Pipe(duplex=False)
    q = CTX.Queue() if kind == "queue" else CTX.SimpleQueue()
    return q, q


def one_way(kind, message, n, rounds):
    """Seconds of each timed round."""
    rx, tx = channel(kind)
    ack_rx, ack_tx = CTX.Pipe(duplex=False)
    child = CTX.Process(target=consume, args=(kind, rx, ack_tx, n, rounds + 1), daemon=True)
    child.start()
    seconds = []
    try:
        if not ack_rx.poll(WAIT):
            raise RuntimeError("child did not start: kind=%s" % kind)
        ack_rx.recv()
        put = sender(kind, tx)
        for r in range(rounds + 1):
            start = time.perf_counter()
            for _ in range(n):
                put(message)
            if not ack_rx.poll(WAIT):
                raise RuntimeError("no acknowledgement: kind=%s" % kind)
            ack_rx.recv()
            if r > 0:
                seconds.append(time.perf_counter() - start)
    finally:
        stop(child)
        if kind == "queue":
            tx.close()
            tx.join_thread()
        else:
            rx.close()
            tx.close()
        ack_rx.close()
        ack_tx.close()
    return seconds


def echo(conn, raw):
    recv, send = (conn.recv_bytes, conn.send_bytes) if raw else (conn.recv, conn.send)
    for m in iter(recv, b"" if raw else None):
        send(m)


def round_trips(message, n, repeats, warm, raw):
    """Median and p99 of one round trip (us), and round trips per second; each the median over the repeats."""
    a, b = CTX.Pipe(duplex=True)
    child = CTX.Process(target=echo, args=(b, raw), daemon=True)
    child.start()
    send, recv = (a.send_bytes, a.recv_bytes) if raw else (a.send, a.recv)
    clock = time.perf_counter_ns
    medians, p99s, rates = [], [], []
    try:
        for _ in range(warm):
            send(message)
            recv()
        for _ in range(repeats):
            took = []
            start = clock()
            for _ in range(n):
                t = clock()
                send(message)
                recv()
                took.append(clock() - t)
            rates.append(n / ((clock() - start) / 1e9))
            took.sort()
            medians.append(statistics.median(took) / 1e3)
            p99s.append(took[max(0, math.ceil(0.99 * n) - 1)] / 1e3)
        send(b"" if raw else None)
    finally:
        stop(child)
        a.close()
        b.close()
    return statistics.median(medians), statistics.median(p99s), statistics.median(rates)


def stop(child):
    child.join(10)
    if child.is_alive():
        child.kill()
        child.join(5)


def main():
    quick = "--quick" in sys.argv
    rounds = 3 if quick else 5
    n_small = 10_000 if quick else 100_000
    start = time.perf_counter()
    emit("pipe_queue", "config_start_method", CTX.get_start_method(), "name")
    for name, message in (("bytes64", b"x" * 64), ("tuple3", (12345, 3.14159, "hello"))):
        for kind in KINDS:
            if kind == "pipe_bytes" and not isinstance(message, bytes):
                continue
            seconds = one_way(kind, message, n_small, rounds)
            emit("pipe_queue.small.%s.%s" % (name, kind), "throughput_median",
                 n_small / statistics.median(seconds), "msgs/s")
    for size, n in ((1 << 20, 20 if quick else 200), (64 << 20, 1 if quick else 4)):
        payload = bytes(range(256)) * (size // 256)
        for kind in KINDS:
            seconds = one_way(kind, payload, n, rounds if size < 64 << 20 else (2 if quick else 3))
            emit("pipe_queue.large.%dMiB.%s" % (size >> 20, kind), "throughput_median",
                 n * size / 1e6 / statistics.median(seconds), "MB/s")
    n, repeats, warm = (2_000, 3, 200) if quick else (20_000, 5, 2_000)
    for raw, name in ((False, "pipe_send_recv"), (True, "pipe_send_bytes")):
        median, p99, rate = round_trips(b"x" * 64, n, repeats, warm, raw)
        bench = "pipe_queue.pingpong.bytes64." + name
        emit(bench, "rtt_median", median, "us")
        emit(bench, "rtt_p99", p99, "us")
        emit(bench, "roundtrips_per_s", rate, "1/s")
    emit("pipe_queue", "leftover_children", leftover_children(), "count")
    emit("pipe_queue", "script_wall", time.perf_counter() - start, "s")


if __name__ == "__main__":
    main()
