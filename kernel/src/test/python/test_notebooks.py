"""Every notebook under notebooks/ executes headless with nbconvert, as ./procbook report runs it, with no error."""
import glob
import os
import subprocess
import sys
import tempfile
import unittest

import nbformat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))


class NotebooksTest(unittest.TestCase):

    def test_there_are_notebooks(self):
        self.assertIn(os.path.join(ROOT, "notebooks", "00-tour.ipynb"), NOTEBOOKS)

    def test_every_notebook_runs_headless_without_errors(self):
        for path in NOTEBOOKS:
            with self.subTest(notebook=os.path.basename(path)):
                self.check(path)

    def check(self, path):
        with tempfile.TemporaryDirectory() as out:
            done = subprocess.run(
                [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
                 "--ExecutePreprocessor.kernel_name=procbook", "--ExecutePreprocessor.timeout=900",
                 "--output-dir", out, path],
                cwd=os.path.dirname(path), capture_output=True, text=True, timeout=1800)
            self.assertEqual(done.returncode, 0, done.stderr[-3000:])
            executed = nbformat.read(os.path.join(out, os.path.basename(path)), as_version=4)
        errors = []
        for index, cell in enumerate(executed.cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    errors.append("cell %d: %s: %s" % (index, output.get("ename"), output.get("evalue")))
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    errors.append("cell %d wrote to stderr: %s" % (index, output.get("text", "")[:500]))
        self.assertEqual(errors, [], "errors in " + os.path.basename(path))
        code_cells = [c for c in executed.cells if c.cell_type == "code"]
        self.assertTrue(all(c.get("execution_count") for c in code_cells), "a code cell did not run")


if __name__ == "__main__":
    unittest.main()
