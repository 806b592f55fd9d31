#!/usr/bin/env python3
"""What one value costs in this Python, the baseline for notebook 02's first table (the seed's getsizeof figures).

  getsizeof_int_42   sys.getsizeof(42)                                   (B)
  getsizeof_str_T    sys.getsizeof('T'), a one-letter string             (B)
  pointer            struct.calcsize('P'), a reference in an object column (B)
  python_version     this Python's version (a word, not a figure)

Output: one JSON object per line {"bench", "impl", "metric", "value", "unit"}.
Usage: /usr/bin/python3 bench/python/object_sizes.py
"""
import struct
import sys

from baseline import emit


def main():
    emit("object_sizes", "python_version", sys.version.split()[0], "version")
    emit("object_sizes", "getsizeof_int_42", sys.getsizeof(42), "B")
    emit("object_sizes", "getsizeof_str_T", sys.getsizeof("T"), "B")
    emit("object_sizes", "pointer", struct.calcsize("P"), "B")


if __name__ == "__main__":
    main()
