"""Prints benchmark figures side by side: Java (ours) beside Python's, from JSON-lines files of one run.

usage: /usr/bin/python3 bench/compare.py FILE.jsonl ...
Each line is {"bench", "metric", "value", "unit"} with "impl" ("java" or "python") or "kernel" naming the side.
A figure with "as" measures another mechanism that does the bench's job (ours: standby workers, Python's: its
forkserver); its cell is marked with * and a note under the table names what was measured.
"""
import json
import sys
from collections import OrderedDict


def side(fig):
    return fig.get("impl") or fig.get("kernel") or "python"


def main(paths):
    table = OrderedDict()
    notes = OrderedDict()
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                fig = json.loads(line)
                key = (fig["bench"], fig["metric"], fig.get("unit", ""))
                value = fig["value"]
                if fig.get("as"):
                    value = "%.4g*" % value
                    notes["* %s %s: measured as %s" % (side(fig), fig["bench"], fig["as"])] = None
                table.setdefault(key, {})[side(fig)] = value
    sides = sorted({s for row in table.values() for s in row})
    width = max([len(b) for b, _, _ in table] + [5])
    print("%-*s %-40s %-8s" % (width, "bench", "metric", "unit") + "".join("%14s" % s for s in sides))
    for (bench, metric, unit), row in table.items():
        cells = "".join("%14s" % cell(row.get(s)) for s in sides)
        print("%-*s %-40s %-8s%s" % (width, bench, metric[:40], unit, cells))
    for note in notes:
        print(note)


def cell(value):
    if isinstance(value, (int, float)):
        return "%.4g" % value
    return value if isinstance(value, str) else "-"


if __name__ == "__main__":
    main(sys.argv[1:])
