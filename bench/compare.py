"""Prints benchmark figures side by side: Java (ours) beside Python's, from JSON-lines files of one run.

usage: /usr/bin/python3 bench/compare.py FILE.jsonl ...
Each line is {"bench", "metric", "value", "unit"} with "impl" ("java" or "python") or "kernel" naming the side.
"""
import json
import sys
from collections import OrderedDict


def side(fig):
    return fig.get("impl") or fig.get("kernel") or "python"


def main(paths):
    table = OrderedDict()
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                fig = json.loads(line)
                key = (fig["bench"], fig["metric"], fig.get("unit", ""))
                table.setdefault(key, {})[side(fig)] = fig["value"]
    sides = sorted({s for row in table.values() for s in row})
    print("%-16s %-58s %-8s" % ("bench", "metric", "unit") + "".join("%14s" % s for s in sides))
    for (bench, metric, unit), row in table.items():
        cells = "".join("%14s" % (("%.4g" % row[s]) if isinstance(row.get(s), (int, float)) else "-")
                        for s in sides)
        print("%-16s %-58s %-8s%s" % (bench, metric[:58], unit, cells))


if __name__ == "__main__":
    main(sys.argv[1:])
