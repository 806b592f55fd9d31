"""The kernel never gets stuck, never dies silently, never spends a minute on a value nobody shows (issue #9)."""
import os
import tempfile
import textwrap
import time
import unittest

from kernel_session import KernelSession, KernelTestCase, TIMEOUT

MiB = 1024 * 1024


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


def proc_status_kib(pid, field):
    """A field of /proc/PID/status, such as VmRSS or VmHWM (the peak of VmRSS), in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError("no %s in /proc/%d/status" % (field, pid))


def reset_peak_rss(pid):
    """Makes VmHWM start again from VmRSS (Linux 4.0 and later), so it shows the peak of what runs next."""
    with open("/proc/%d/clear_refs" % pid, "w") as f:
        f.write("5")


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


class BigValueTest(unittest.TestCase):
    """Declaring, assigning or returning a large value costs about its allocation; a shown value is cut."""

    ARRAY_BYTES = 300_000_000

    def setUp(self):
        # a kernel of its own for each test: memory that an earlier test made resident would hide the growth
        self.k = KernelSession(env=dict(os.environ, PROCBOOK_HEAP="2g"))
        self.addCleanup(self.k.close)
        self.pid = int(self.run_ok("ProcessHandle.current().pid()").result["text/plain"])

    def run_ok(self, code):
        cell = self.k.execute(code)
        if cell.status != "ok":
            raise AssertionError("cell failed: %s: %s" % (code, cell.error))
        return cell

    def assert_costs_about_its_allocation(self, code):
        self.run_ok("System.gc();")
        reset_peak_rss(self.pid)
        resident_before = proc_status_kib(self.pid, "VmRSS")
        cell = self.run_ok(code)
        growth = proc_status_kib(self.pid, "VmHWM") - resident_before
        self.assertLess(growth * 1024, 2 * self.ARRAY_BYTES,
                        "%s grew the kernel's peak RSS by %d MiB" % (code, growth // 1024))
        return cell

    def test_declaring_assigning_and_returning_a_300_mb_array_costs_about_its_allocation(self):
        cell = self.assert_costs_about_its_allocation("byte[] big = new byte[300_000_000];")
        self.assertIsNone(cell.result)
        self.assert_costs_about_its_allocation("big = null; big = new byte[300_000_000];")
        self.run_ok("big = null; byte[] make() { return new byte[300_000_000]; }")
        self.assert_costs_about_its_allocation("var made = make();")
        self.run_ok("made = null;")

    def test_a_shown_big_array_is_cut_and_says_how_many_elements_it_has(self):
        cell = self.assert_costs_about_its_allocation("new byte[300_000_000]")
        text = cell.result["text/plain"]
        self.assertTrue(text.startswith("[0, 0, 0"), text[:100])
        self.assertTrue(text.endswith("… (300000000 elements)]"), text[-100:])
        self.assertLess(len(text), 10_000)

    def test_a_shown_long_list_is_cut_and_a_short_one_is_whole(self):
        text = self.run_ok("java.util.stream.IntStream.range(0, 1_000_000).boxed().toList()").result["text/plain"]
        self.assertTrue(text.startswith("[0, 1, 2, 3"), text[:100])
        self.assertTrue(text.endswith("… (1000000 elements)]"), text[-100:])
        self.assertEqual(self.run_ok("List.of(1, 2, 3)").result["text/plain"], "[1, 2, 3]")
        self.assertEqual(self.run_ok("new int[] {4, 5, 6}").result["text/plain"], "[4, 5, 6]")
        self.assertEqual(self.run_ok('Map.of("k", List.of(1))').result["text/plain"], "{k=[1]}")



class HeapExhaustionTest(unittest.TestCase):
    """A cell that fills the heap fails with OutOfMemoryError and the kernel lives on with its variables; a kernel
    that cannot go on exits with a non-zero status and says why on stderr, so Jupyter shows that it died."""

    HOG = "List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[%s]);"

    def setUp(self):
        # a small heap fills in a second or two; the kernel's stderr is what the Jupyter server would log
        self.stderr = tempfile.TemporaryFile("w+")
        self.addCleanup(self.stderr.close)
        self.k = KernelSession(env=dict(os.environ, PROCBOOK_HEAP="256m"), stderr=self.stderr)
        self.addCleanup(self.k.close)

    def kernel_stderr(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def run_ok(self, code):
        cell = self.k.execute(code)
        self.assertEqual(cell.status, "ok", cell.error)
        return cell

    def assert_out_of_memory(self, code):
        try:
            cell = self.k.execute(code, timeout=120)
        except AssertionError as e:  # the kernel died: what it said on stderr is why
            raise AssertionError("%s; its stderr: %s" % (e, self.kernel_stderr())) from None
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error["ename"], "java.lang.OutOfMemoryError", cell.error)
        self.assertIn("while running the cell", cell.error["evalue"])
        self.assertEqual(self.k.exit_status(), None, self.kernel_stderr())

    def test_a_cell_that_fills_the_heap_fails_with_out_of_memory_and_the_kernel_keeps_its_variables(self):
        self.run_ok("int kept = 5;")
        # the ordinary cells of the report, before the heap runs out
        self.assertEqual(self.k.execute('int wrong = "text";').error["ename"], "CompilationError")
        self.assertEqual(self.k.execute('Math.max("a", 1)').error["ename"], "CompilationError")
        self.assertEqual(self.k.execute("int down(int n) { return down(n + 1); }\ndown(0)").error["ename"],
                         "java.lang.StackOverflowError")
        self.assertEqual(self.k.execute("new long[2_000_000_000]").error["ename"], "java.lang.OutOfMemoryError")
        # small arrays fill the heap to the last byte: every thread of the kernel runs out with the cell
        self.assert_out_of_memory(self.HOG % "1_000")
        self.assertEqual(self.run_ok("kept").result["text/plain"], "5")
        self.run_ok("hog = null;")
        # the issue's own cell
        self.assert_out_of_memory(self.HOG % "1_000_000")
        self.assertEqual(self.run_ok("kept + 1").result["text/plain"], "6")

    def test_a_kernel_whose_heap_stays_full_exits_non_zero_saying_why(self):
        # a thread of the user's keeps the heap full for good: the kernel cannot answer any more
        self.run_ok(textwrap.dedent("""\
            var hogger = new Thread(() -> {
                List<long[]> held = new ArrayList<>();
                while (true) {
                    try { held.add(new long[1_000]); } catch (OutOfMemoryError e) { }
                }
            });
            hogger.start();"""))
        try:
            status = self.k.km.provisioner.process.wait(timeout=120)
        except Exception:
            self.fail("the kernel is still running with a full heap; its stderr: " + self.kernel_stderr())
        self.assertNotEqual(status, 0, self.kernel_stderr())
        lines = [line for line in self.kernel_stderr().splitlines() if line.startswith("procbook-kernel:")]
        self.assertEqual(len(lines), 1, self.kernel_stderr())
        self.assertIn("OutOfMemoryError", lines[0])


if __name__ == "__main__":
    unittest.main()


class SmallErrorsTest(KernelTestCase):
    """Finding 8 where a user meets it, in a cell: each bad input gets an error naming the thing and the problem."""

    def error(self, code):
        cell = self.k.execute(code)
        self.assertEqual(cell.status, "error", "no error for: %s" % code)
        return cell.error["ename"] + ": " + cell.error["evalue"]

    def test_load_of_a_directory_and_classpath_of_a_text_file_are_named_as_such(self):
        with tempfile.TemporaryDirectory() as folder:
            self.assertIn("directory", self.error("%load " + folder))
            text = os.path.join(folder, "notes.txt")
            with open(text, "w") as f:
                f.write("not a jar\n")
            message = self.error("%classpath " + text)
            self.assertIn("notes.txt", message)
            self.assertIn("jar", message)

    def test_a_sampler_refuses_a_nanosecond_and_fails_at_start_for_a_missing_process(self):
        self.assertIn("IllegalArgumentException", self.error("MemorySampler.start(java.time.Duration.ofNanos(1))"))
        self.assertIn("999999999", self.error("MemorySampler.start(999999999L, java.time.Duration.ofMillis(100))"))
        self.assertIn("no such process", self.error("new ProcessMemoryReader().read(999999999L)"))
