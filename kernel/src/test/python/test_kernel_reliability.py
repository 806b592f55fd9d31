"""The kernel never gets stuck, never dies silently, never spends a minute on a value nobody shows (issue #9)."""
import textwrap
import unittest

from kernel_session import KernelTestCase


class SyntaxCheckTest(KernelTestCase):
    """As IPython compiles a whole cell first, a syntax error anywhere in a cell means nothing of it ran."""

    def test_a_syntax_error_on_line_3_runs_nothing_and_names_line_and_column(self):
        cell = self.k.execute('System.out.println("line one ran");\nint beforeSyntaxError = 1;\n'
                              'int broken = 1 +* 2;')
        self.assertEqual(cell.error["ename"], "CompilationError")
        self.assertIn("line 3, column 17", cell.error["evalue"])
        self.assertIn("illegal start of expression", cell.error["evalue"])
        self.assertEqual(cell.stdout, "")
        self.assertIn("cannot find symbol", self.k.execute("beforeSyntaxError").error["evalue"])

    def test_a_syntax_error_after_a_line_magic_runs_nothing(self):
        cell = self.k.execute('System.out.println("before the magic");\n%time 1 + 1\n'
                              'for (int i = 0; i < 3; i++) { i++ }')
        self.assertEqual(cell.error["ename"], "CompilationError")
        self.assertIn("line 3", cell.error["evalue"])
        self.assertEqual(cell.stdout, "")

    def test_an_unknown_name_on_line_3_fails_there_after_the_lines_before_ran(self):
        # as a NameError in IPython: a name is looked up when its line runs, so only syntax stops a cell early
        cell = self.k.execute('int beforeUnknownName = 2;\nSystem.out.println("ran");\n'
                              'int later = noSuchName + 1;')
        self.assertEqual(cell.error["ename"], "CompilationError")
        self.assertIn("line 3", cell.error["evalue"])
        self.assertEqual(cell.stdout, "ran\n")
        self.assertEqual(self.run_ok("beforeUnknownName").result["text/plain"], "2")

    def test_code_that_only_parses_in_jshell_still_runs(self):
        cell = self.run_ok(textwrap.dedent("""\
            var inferred = new ArrayList<String>();
            inferred.add("x");
            int twice(int a) { return 2 * a; }
            record Pair(int a, int b) { }
            import java.util.concurrent.atomic.AtomicInteger;
            var counter = new AtomicInteger(twice(new Pair(1, 2).b()));
            counter.get()"""))
        self.assertEqual(cell.result["text/plain"], "4")


if __name__ == "__main__":
    unittest.main()
