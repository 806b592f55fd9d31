#!/usr/bin/env python3
"""What pandas makes of a tab-separated file, the baseline for notebook 02's genome frame.

Reads FILE with pd.read_csv(sep='\\t', names=NAMES) and reports what pandas and psutil see:

  shallow, deep                 df.memory_usage(deep=False / True).sum(), as info() and
                                info(memory_usage='deep') print them                        (B)
  category_deep                 the same frame with its string columns astype('category'), deep (B)
  column_shallow, column_deep   one string column (the third), shallow and deep             (B)
  column_category_deep          that column as category, deep                               (B)
  rss_increment, uss_increment  what read_csv added to this process's RSS and USS           (B)
  peak_increment                VmHWM after read_csv minus RSS before: the high-water mark of this
                                process, not ru_maxrss, which in a child started from a JVM also
                                remembers the JVM's RSS from before exec                    (B)
  getsizeof_cell                sys.getsizeof of the column's first cell                    (B)
  distinct_values               distinct values in the column                               (count)
  distinct_objects              distinct str objects in the column, by identity             (count)
  python_version, pandas_version, dtypes   words, not figures

Output: one JSON object per line {"bench", "impl", "metric", "value", "unit"}.
Usage: /usr/bin/python3 bench/python/frame_pandas.py FILE NAME,NAME,...
"""
import sys

import pandas as pd
import psutil

from baseline import emit


def high_water():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))


def main():
    path, names = sys.argv[1], sys.argv[2].split(",")
    proc = psutil.Process()
    before = proc.memory_full_info()
    df = pd.read_csv(path, sep="\t", names=names)
    after = proc.memory_full_info()
    peak = high_water()
    col = df[names[2]]
    cat = df.astype({n: "category" for n in names[2:]})

    def figure(metric, value, unit="B"):
        emit("frame_pandas", metric, int(value), unit)

    emit("frame_pandas", "python_version", sys.version.split()[0], "version")
    emit("frame_pandas", "pandas_version", pd.__version__, "version")
    emit("frame_pandas", "dtypes", ", ".join("%s(%d)" % (k, v)
                                             for k, v in df.dtypes.astype(str).value_counts().items()), "dtypes")
    figure("shallow", df.memory_usage(deep=False).sum())
    figure("deep", df.memory_usage(deep=True).sum())
    figure("category_deep", cat.memory_usage(deep=True).sum())
    figure("column_shallow", col.memory_usage(index=False, deep=False))
    figure("column_deep", col.memory_usage(index=False, deep=True))
    figure("column_category_deep", cat[names[2]].memory_usage(index=False, deep=True))
    figure("rss_increment", after.rss - before.rss)
    figure("uss_increment", after.uss - before.uss)
    figure("peak_increment", peak - before.rss)
    figure("getsizeof_cell", sys.getsizeof(col[0]))
    figure("distinct_values", col.nunique(), "count")
    figure("distinct_objects", len({id(x) for x in col}), "count")


if __name__ == "__main__":
    main()
