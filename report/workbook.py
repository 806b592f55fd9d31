#!/usr/bin/env python3
"""Executes the workbook's notebooks headless and writes one HTML report each, plus index.html linking them.

usage: /usr/bin/python3 report/workbook.py --out DIR NOTEBOOK.ipynb ...

Each notebook runs in its own folder with the kernel named in it ("procbook"), every cell even after an error, so
that its report shows where it failed. A notebook fails when a cell raises an error, writes to stderr, or does not
run. The index gives each notebook's title, run time and status, and the machine they ran on; the command exits 1
when any notebook failed. Reports fetch nothing when opened: see offline.html.j2.

Notebooks record their headline figures in DIR/headlines.json (PROCBOOK_HEADLINES, cleared at the start of a run),
and the tour (00-*), which shows them as the workbook's map, runs last, so that its report has the same run's figures.
"""
import argparse
import html
import json
import os
import platform
import re
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "offline.html.j2")
CELL_TIMEOUT = 900


class Result:
    def __init__(self, path, title, seconds, problems, report):
        self.path = path
        self.title = title
        self.seconds = seconds
        self.problems = problems
        self.report = report

    @property
    def ok(self):
        return not self.problems


def title_of(notebook, path):
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return os.path.splitext(os.path.basename(path))[0]


def problems_of(notebook):
    """What went wrong in an executed notebook, one line each; empty when it ran clean."""
    problems = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        if not cell.get("execution_count"):
            problems.append("cell %d did not run" % index)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append("cell %d: %s: %s" % (index, output.get("ename"), output.get("evalue")))
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append("cell %d wrote to stderr: %s" % (index, output.get("text", "")[:500]))
    return problems


def execute(path, kernel_name=None):
    """Runs the notebook at `path` in its folder; returns the executed notebook, seconds, and a fatal error or None."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, allow_errors=True,
                            kernel_name=kernel_name or notebook.metadata.get("kernelspec", {}).get("name", ""),
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    start = time.monotonic()
    fatal = None
    try:
        client.execute()
    except (CellTimeoutError, DeadKernelError, RuntimeError) as e:
        fatal = "%s: %s" % (type(e).__name__, str(e).strip().splitlines()[-1] if str(e).strip() else "")
    return notebook, time.monotonic() - start, fatal


def report(path, out_dir, kernel_name=None):
    """Executes one notebook and writes its HTML report into `out_dir`."""
    notebook, seconds, fatal = execute(path, kernel_name)
    problems = ([fatal] if fatal else []) + problems_of(notebook)
    exporter = HTMLExporter(template_file=TEMPLATE)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title_of(notebook, path)}})
    name = os.path.splitext(os.path.basename(path))[0] + ".html"
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write(body)
    return Result(path, title_of(notebook, path), seconds, problems, name)


def command_line(*command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        return (done.stdout + done.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def machine():
    """What the reports ran on: CPU model, cores, memory, Linux kernel, JDK, Python."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                memory = "%.1f GiB" % (int(line.split()[1]) / 1048576)
                break
    java = os.environ.get("PROCBOOK_JAVA") or (os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                                               if os.environ.get("JAVA_HOME") else "java")
    return [("CPU", cpu), ("cores", str(os.cpu_count())), ("memory", memory),
            ("Linux kernel", platform.release()), ("JDK", command_line(java, "-version")),
            ("Python", sys.version.split()[0] + " (" + sys.executable + ")")]


def write_index(results, out_dir, started):
    rows = "\n".join(
        '<tr class="%s"><td><a href="%s">%s</a></td><td>%s</td><td>%.0f s</td><td>%s</td></tr>' % (
            "ok" if r.ok else "failed", html.escape(r.report), html.escape(r.title),
            html.escape(os.path.basename(r.path)), r.seconds,
            "ok" if r.ok else "failed: " + html.escape("; ".join(r.problems)[:800]))
        for r in results)
    facts = "\n".join("<tr><th>%s</th><td>%s</td></tr>" % (html.escape(k), html.escape(v)) for k, v in machine())
    failed = sum(not r.ok for r in results)
    page = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Procbook reports</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 70em; }}
table {{ border-collapse: collapse; margin-bottom: 2em; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4em .8em; text-align: left; vertical-align: top; }}
tr.failed td {{ background: #fde8e8; }}
</style></head>
<body>
<h1>Procbook reports</h1>
<p>{summary}, run {when}.</p>
<table>
<tr><th>notebook</th><th>file</th><th>run time</th><th>status</th></tr>
{rows}
</table>
<h2>The machine they ran on</h2>
<table>
{facts}
</table>
</body></html>
""".format(summary="%d notebooks, %s" % (len(results), "all ok" if not failed else "%d failed" % failed),
           when=time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(started)), rows=rows, facts=facts)
    with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
        f.write(page)
    with open(os.path.join(out_dir, "index.json"), "w", encoding="utf-8") as f:
        json.dump([{"notebook": os.path.basename(r.path), "title": r.title, "seconds": round(r.seconds, 1),
                    "status": "ok" if r.ok else "failed", "problems": r.problems, "report": r.report}
                   for r in results], f, indent=1)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for the reports and index.html")
    parser.add_argument("--kernel", help="kernel to run them with (default: the one each notebook names)")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    headlines = os.path.abspath(os.path.join(args.out, "headlines.json"))
    if os.path.exists(headlines):
        os.remove(headlines)
    os.environ["PROCBOOK_HEADLINES"] = headlines
    started = time.time()
    results = []
    tour_last = sorted(args.notebooks, key=lambda p: os.path.basename(p).startswith("00-"))
    for path in tour_last:
        print("report: executing %s" % os.path.basename(path), file=sys.stderr, flush=True)
        result = report(path, args.out, args.kernel)
        print("report: %s %s in %.0f s" % (os.path.basename(path), "ok" if result.ok else "FAILED", result.seconds),
              file=sys.stderr, flush=True)
        for problem in result.problems:
            print("report:   " + problem, file=sys.stderr, flush=True)
        results.append(result)
    results.sort(key=lambda r: args.notebooks.index(r.path))
    write_index(results, args.out, started)
    print("report: index written to %s" % os.path.join(args.out, "index.html"), file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
