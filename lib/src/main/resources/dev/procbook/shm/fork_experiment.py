"""The seed's fork experiments, one per run: a parent builds data, forks 2 children that use it, and all three hold
still while the caller measures them.

usage: python3 fork_experiment.py VARIANT MIB
  fork_cow      a numpy array; each child sums it: reading touches no object, the pages stay shared
  copy_on_read  a list of small lists; each child iterates over it: every visit increments a reference count,
                a write, so each child copies the pages it visits
  gc_collect    the same list; each child only runs gc.collect(): the collector writes into every tracked
                object's header, so each child copies them too
  gc_freeze     as gc_collect, but the parent calls gc.freeze() before forking: the collector skips frozen objects

Prints "built", then "holding PID PID" once both children have done their work; waits for a line on standard
input while the caller measures; then lets the children exit and prints "done".
"""
import gc
import os
import sys

variant, mib = sys.argv[1], int(sys.argv[2])
if variant == "fork_cow":
    import numpy as np
    data = np.ones(mib << 20, dtype=np.uint8)

    def work():
        return int(data.sum())
else:
    # a one-item list holding a float, about 120 bytes an item with headers; lists, unlike tuples of floats, stay
    # tracked by the cyclic collector however often it runs
    data = [[float(i)] for i in range((mib << 20) // 120)]

    def work():
        if variant == "copy_on_read":
            total = 0.0
            for item in data:
                total += item[0]
            return int(total)
        gc.collect()
        return len(data)

gc.collect()
if variant == "gc_freeze":
    gc.freeze()
print("built", flush=True)

ready_r, ready_w = os.pipe()
release_r, release_w = os.pipe()
children = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        os.close(release_w)
        work()
        os.write(ready_w, b"x")
        os.read(release_r, 1)  # returns at end of file, when the parent closes its end
        os._exit(0)
    children.append(pid)
os.close(ready_w)
os.close(release_r)
for _ in range(2):
    os.read(ready_r, 1)
print("holding", *children, flush=True)
sys.stdin.readline()
os.close(release_w)
for pid in children:
    os.waitpid(pid, 0)
print("done", flush=True)
