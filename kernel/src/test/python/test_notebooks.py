"""Every notebook under notebooks/ executes headless into an HTML report, as ./procbook report runs it, with no error;
the report index marks a failing notebook and the command fails; reports fetch nothing from the network."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

import nbformat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
WORKBOOK = os.path.join(ROOT, "report", "workbook.py")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def run_workbook(out, *notebooks):
    return subprocess.run([sys.executable, WORKBOOK, "--out", out] + list(notebooks),
                          capture_output=True, text=True, timeout=3600)


class NotebooksTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.TemporaryDirectory()
        cls.done = run_workbook(cls.out.name, *NOTEBOOKS)
        with open(os.path.join(cls.out.name, "index.json")) as f:
            cls.index = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.out.cleanup()

    def test_there_are_notebooks(self):
        self.assertIn(os.path.join(ROOT, "notebooks", "00-tour.ipynb"), NOTEBOOKS)

    def test_every_notebook_runs_headless_without_errors(self):
        for entry in self.index:
            with self.subTest(notebook=entry["notebook"]):
                self.assertEqual(entry["problems"], [])
                self.assertEqual(entry["status"], "ok")
        self.assertEqual(self.done.returncode, 0, self.done.stderr[-3000:])

    def test_the_index_lists_every_notebook_with_its_report_and_the_machine(self):
        self.assertEqual([e["notebook"] for e in self.index], [os.path.basename(p) for p in NOTEBOOKS])
        with open(os.path.join(self.out.name, "index.html")) as f:
            page = f.read()
        for entry in self.index:
            self.assertIn('href="%s"' % entry["report"], page)
            self.assertTrue(os.path.isfile(os.path.join(self.out.name, entry["report"])))
        for fact in ("CPU", "cores", "memory", "Linux kernel", "JDK", "Python"):
            self.assertIn("<th>%s</th>" % fact, page)

    def test_reports_fetch_nothing_when_opened(self):
        for entry in self.index + [{"report": "index.html"}]:
            with open(os.path.join(self.out.name, entry["report"])) as f:
                self.assertEqual(EXTERNAL.findall(f.read()), [], entry["report"])

    def test_the_tour_maps_the_headline_figures_each_notebook_recorded_in_the_same_run(self):
        with open(os.path.join(self.out.name, "headlines.json")) as f:
            headlines = json.load(f)
        recorded = {h["notebook"] for h in headlines}
        for notebook in ("02-frame-memory", "03-pss-math", "05-pipes-and-queues", "07-fork-vs-spawn"):
            self.assertIn(notebook, recorded)
        with open(os.path.join(self.out.name, "00-tour.html")) as f:
            tour = f.read()
        for h in headlines:
            self.assertIn(h["figure"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), tour)

    def test_a_failing_notebook_is_marked_failed_and_the_command_fails(self):
        with tempfile.TemporaryDirectory() as work:
            bad = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "procbook", "language": "java",
                                                                    "display_name": "Java (Procbook)"}})
            bad.cells = [nbformat.v4.new_markdown_cell("# Broken on purpose"),
                         nbformat.v4.new_code_cell('throw new IllegalStateException("on purpose");'),
                         nbformat.v4.new_code_cell("1 + 1")]
            path = os.path.join(work, "99-broken.ipynb")
            nbformat.write(bad, path)
            done = run_workbook(os.path.join(work, "out"), path)
            self.assertEqual(done.returncode, 1, done.stderr[-2000:])
            with open(os.path.join(work, "out", "index.json")) as f:
                entry = json.load(f)[0]
            self.assertEqual(entry["status"], "failed")
            self.assertEqual(entry["title"], "Broken on purpose")
            self.assertIn("IllegalStateException", " ".join(entry["problems"]))
            with open(os.path.join(work, "out", "99-broken.html")) as f:
                self.assertIn("on purpose", f.read(), "the report shows where it failed")


if __name__ == "__main__":
    unittest.main()
