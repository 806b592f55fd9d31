"""The kernel never gets stuck, never dies silently, never spends a minute on a value nobody shows (issue #9)."""
import textwrap
import time
import unittest

from kernel_session import KernelSession, KernelTestCase, TIMEOUT


def wait_for_iopub(k, msg_id, what, matches, timeout=TIMEOUT):
    """Waits for an iopub message of the request msg_id that `matches`; `what` names it in the failure."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = k.kc.get_iopub_msg(timeout=deadline - time.monotonic())
        if msg["parent_header"].get("msg_id") == msg_id and matches(msg):
            return
    raise AssertionError("no %s within %s s" % (what, timeout))


def busy(msg):
    return msg["msg_type"] == "status" and msg["content"]["execution_state"] == "busy"


def printed(text):
    return lambda msg: msg["msg_type"] == "stream" and text in msg["content"]["text"]


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



class InterruptBeforeRunTest(unittest.TestCase):
    """An interrupt that arrives before a cell's code runs (while the kernel starts JShell, or while the cell
    compiles) stops the cell as soon as its code would start, instead of being lost."""

    def setUp(self):
        self.k = KernelSession()
        self.addCleanup(self.k.close)

    def interrupted_after(self, code, what, seen):
        msg_id = self.k.kc.execute(code)
        wait_for_iopub(self.k, msg_id, what, seen)
        self.k.km.interrupt_kernel()
        return self.k.collect(msg_id)

    def test_an_interrupt_while_the_first_cell_starts_stops_it(self):
        cell = self.interrupted_after('Thread.sleep(20_000);\nSystem.out.println("slept to the end");',
                                      "busy status", busy)
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertNotIn("slept to the end", cell.stdout)
        self.assertEqual(self.k.execute("6 * 7").result["text/plain"], "42")

    def test_an_interrupt_while_a_cell_compiles_stops_it_before_it_runs(self):
        self.assertEqual(self.k.execute("1 + 1").result["text/plain"], "2")
        # the first snippet prints, the second takes javac a second or more: the interrupt sent when the print
        # arrives comes while the second compiles
        methods = "".join("        long m%d(long x) { return x * 31 + %d; }\n" % (i, i) for i in range(5000))
        cell = self.interrupted_after('System.out.println("compiling the next snippet");\n'
                                      "{\n    class Slow {\n" + methods + "    }\n    Thread.sleep(20_000);\n"
                                      '    System.out.println("slept to the end");\n}',
                                      "print of the first snippet", printed("compiling the next snippet"))
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertNotIn("slept to the end", cell.stdout)


if __name__ == "__main__":
    unittest.main()
