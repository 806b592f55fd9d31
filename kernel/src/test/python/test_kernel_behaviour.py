"""The Procbook kernel's behaviour beyond the conformance suite, through the real Jupyter client."""
import base64
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

from kernel_session import KernelTestCase, until


class KernelBehaviourTest(KernelTestCase):

    def test_interrupt_stops_a_busy_loop_and_keeps_variables(self):
        self.run_ok("var keptAcrossInterrupt = 41;")
        cell = self.interrupted("while (true) { }")
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertIn("interrupted", cell.error["evalue"])
        self.assertEqual(self.value("keptAcrossInterrupt + 1"), "42")

    def test_interrupt_stops_a_loop_that_begins_a_method_of_a_cell(self):
        # the loop's first instruction is the method's: the stop's check goes in front of both
        self.run_ok("void spinForever() { while (true) { } }")
        cell = self.interrupted("spinForever();")
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertNotIn("outright", cell.error["evalue"], "stopped by its check, not by the last resort")

    def test_interrupt_stops_recursion_that_has_no_loop(self):
        self.run_ok("long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }")
        cell = self.interrupted("fib(80);")
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertEqual(self.value("fib(20)"), "6765")

    def test_interrupt_stops_a_long_computation_inside_the_jdk_where_jshell_can_stop_threads(self):
        """A cell's code ends at its own checks or waits; a computation in a library has neither. JShell before
        JDK 20 stops it with Thread.stop, which the kernel does as a last resort, after a grace of 2 s."""
        if int(self.value("Runtime.version().feature()")) >= 20:
            self.skipTest("JShell from JDK 20 cannot stop code that neither waits nor reaches a check")
        started = time.monotonic()
        cell = self.interrupted("java.util.stream.LongStream.range(0, Long.MAX_VALUE).map(Long::reverse).sum();")
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertIn("its threads were stopped outright", cell.error["evalue"])
        print("a computation in the JDK stopped %.1f s after the interrupt was sent"
              % (time.monotonic() - started), file=sys.stderr)
        self.assertEqual(self.value("java.util.stream.LongStream.range(0, 4).sum()"), "6")

    def test_interrupt_stops_a_sleeping_cell(self):
        cell = self.interrupted("Thread.sleep(60_000);")
        self.assertEqual(cell.error["ename"], "Interrupted")

    def test_interrupt_stops_a_cell_waiting_on_a_pool_and_the_pool_goes_on(self):
        self.run_ok("var waitingPool = Pool.create(2);", timeout=120)
        with tempfile.TemporaryDirectory() as started:
            # interrupted once both tasks run, so the cell waits on the pool; they would end after 20 s, within
            # collect's 30 s: only the interrupt makes the cell fail
            cell = self.interrupted('waitingPool.map(i -> { Files.createFile(Path.of("%s", "task-" + i)); '
                                    'Thread.sleep(20_000); return i; }, List.of(1, 2));' % started,
                                    ready=lambda: len(os.listdir(started)) == 2)
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertEqual(self.run_ok("waitingPool.map(i -> i + 1, List.of(1, 2))", timeout=60).result["text/plain"],
                         "[2, 3]")
        self.run_ok("waitingPool.terminate();", timeout=60)

    # Cells run again, as notebooks are: the handle declared before is dropped and, as Python's pool and manager are
    # when collected, stopped (the kernel collects when idle; these tests ask at once).

    def children_become(self, what, expected):
        """Waits until the kernel has `expected` live children, collecting as it asks."""
        count = "System.gc(); ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()"
        until(what, lambda: int(self.value(count)) == expected)

    def live_children(self):
        return int(self.value("ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()"))

    def test_a_pool_cell_run_again_leaves_only_the_last_pools_workers(self):
        before = self.live_children()
        for _ in range(3):
            self.run_ok("var againPool = Pool.create(2);", timeout=120)
        self.run_ok("Pool.create(1).map(i -> i + 1, List.of(1));", timeout=120)
        self.children_become("the workers of the dropped pools to exit", before + 2)
        self.assertEqual(self.value("againPool.map(i -> i * 2, List.of(1, 2))", timeout=60), "[2, 4]")
        self.run_ok("againPool.close();", timeout=60)

    def test_a_worker_cell_run_again_leaves_only_the_last_worker(self):
        before = self.live_children()
        for _ in range(3):
            self.run_ok("var againWorker = Worker.start();", timeout=120)
        self.assertEqual(self.value("Worker.start().call(() -> 6 * 7)", timeout=120), "42")
        self.children_become("the dropped workers to exit", before + 1)
        self.assertEqual(self.value("againWorker.call(() -> 6 * 7)", timeout=60), "42")
        self.run_ok("againWorker.close();", timeout=60)

    def test_a_manager_cell_run_again_leaves_only_the_last_manager_and_proxies_hold_theirs(self):
        before = self.live_children()
        # a manager held by its proxy alone (JShell resets a variable whose initializer names one declared again)
        self.run_ok('var heldScores = Manager.start().<String, Integer>map(); heldScores.put("kept", 1);',
                    timeout=120)
        for _ in range(3):
            self.run_ok("var againManager = Manager.start();", timeout=120)
        self.children_become("the managers nobody holds to exit", before + 2)
        self.assertEqual(self.value('heldScores.get("kept")'), "1")
        self.run_ok("againManager.close();", timeout=60)

    def test_input_reaches_the_user_when_stdin_is_allowed(self):
        prompts = []
        cell = self.k.execute('input("Your name? ")', allow_stdin=True,
                              on_input=lambda p: prompts.append(p) or "Ada")
        self.assertEqual(cell.status, "ok", cell.error)
        self.assertEqual(prompts, ["Your name? "])
        self.assertEqual(cell.result["text/plain"], "Ada")

    def test_system_in_reads_lines_through_stdin(self):
        cell = self.k.execute("new java.util.Scanner(System.in).nextLine().toUpperCase()", allow_stdin=True,
                              on_input=lambda p: "shout")
        self.assertEqual(cell.result["text/plain"], "SHOUT")

    def test_input_fails_clearly_when_stdin_is_not_allowed(self):
        cell = self.k.execute('input("Your name? ")', allow_stdin=False)
        self.assertEqual(cell.error["ename"], "StdinNotAllowed")
        self.assertIn("does not allow stdin", cell.error["evalue"])
        self.assertEqual(self.run_ok('input("Your name? ", "headless")').result["text/plain"], "headless")

    def test_system_in_is_at_end_of_input_when_stdin_is_not_allowed(self):
        cell = self.run_ok("System.in.read()", allow_stdin=False)
        self.assertEqual(cell.result["text/plain"], "-1")
        self.assertIn("does not allow stdin", cell.stderr)

    def test_system_exit_is_refused_and_the_kernel_lives_on(self):
        self.run_ok("var beforeExit = 7;")
        cell = self.k.execute("System.exit(3);")
        self.assertEqual(cell.status, "error")
        self.assertIn("System.exit(3) refused", cell.error["evalue"])
        cell = self.k.execute("Runtime.getRuntime().halt(4);")
        self.assertIn("Runtime.halt(4) refused", cell.error["evalue"])
        self.assertEqual(self.value("beforeExit"), "7")
        self.assertTrue(self.k.km.is_alive())

    def test_compile_error_names_line_and_column_of_the_cell(self):
        cell = self.k.execute('int fine = 1;\nString s = "ok";\nint bad = "text";')
        self.assertEqual(cell.error["ename"], "CompilationError")
        self.assertIn("line 3, column 11", cell.error["evalue"])
        self.assertIn("incompatible types", cell.error["evalue"])
        self.assertTrue(any("^^^^^^" in line for line in cell.error["traceback"]))

    def test_a_method_that_uses_an_undeclared_one_says_so_until_it_is_declared(self):
        # JShell keeps such a method "recoverable"; calling it must name the missing piece, not fail obscurely
        self.run_ok("void usesLater() { declaredLater(); }")
        cell = self.k.execute("usesLater()")
        self.assertEqual(cell.error["ename"], "UnresolvedReference")
        self.assertIn("cannot run: usesLater uses method declaredLater(), which is not declared yet",
                      cell.error["evalue"])
        self.run_ok("void declaredLater() { }")
        self.run_ok("usesLater()")

    def test_a_var_whose_value_is_a_literal_has_the_literals_type(self):
        # the kernel reads such a var's type from the literal (#15): a wider type would compile and answer wrongly
        self.run_ok("var f = 2.5f;")
        self.assertEqual(self.value("f / 3"), "0.8333333")
        self.run_ok("var l = 3L;")
        self.assertEqual(self.value("l << 40"), "3298534883328")
        self.run_ok("var n = -2147483648;")
        self.assertEqual(self.value("n - 1"), "2147483647")
        self.run_ok("var c = 'c';")
        self.assertEqual(self.value("c + 1"), "100")
        self.run_ok('var s = "a\\"b";')
        self.assertEqual(self.value("s.length()"), "3")
        cell = self.k.execute("var big = 2147483648;")
        self.assertEqual(cell.error["ename"], "CompilationError")
        self.assertIn("integer number too large", cell.error["evalue"])

    def test_an_expression_cell_sees_a_redefined_variable_and_names_its_lines(self):
        # one-expression cells take the pooled compiler (#15): it must see JShell's latest declarations, and a
        # trace through an earlier cell's method must name both cells' lines, as JShell's own cells do
        self.run_ok("int redefined = 1;")
        self.assertEqual(self.value("redefined * 2"), "2")
        self.run_ok("int redefined = 100;")
        self.assertEqual(self.value("redefined * 2"), "200")
        self.run_ok("int halve(int a, int b) {\n    return a / b;\n}")
        cell = self.k.execute("\n\nhalve(1,\n      0)")
        self.assertEqual(cell.error["ename"], "java.lang.ArithmeticException")
        trace = "\n".join(cell.error["traceback"])
        self.assertRegex(trace, r"halve \(In \[\d+\] line 2\)")
        self.assertRegex(trace, r"<cell> \(In \[\d+\] line 3\)")

    def test_an_expression_cell_sees_a_cell_class_that_shadows_an_imported_one(self):
        # an expression cell is compiled against the declarations it names (#15): a cell's class Objects must hide
        # java.util.Objects (imported on demand) as in JShell, also when the name is spelled by a Unicode escape
        self.run_ok("class Objects { static boolean isNull(Object o) { return false; } }")
        self.assertEqual(self.value("Objects.isNull(null)"), "false")
        self.assertEqual(self.value("\\u004fbjects.isNull(null)"), "false")
        self.assertEqual(self.value("java.util.Objects.isNull(null)"), "true")

    def test_runtime_error_shows_class_message_and_only_user_frames(self):
        cell = self.k.execute(textwrap.dedent("""\
            int divide(int a, int b) {
                return a / b;
            }
            divide(1, 0);"""))
        self.assertEqual(cell.error["ename"], "java.lang.ArithmeticException")
        self.assertEqual(cell.error["evalue"], "/ by zero")
        trace = "\n".join(cell.error["traceback"])
        self.assertIn("divide (In [", trace)
        self.assertIn("line 2)", trace)
        self.assertNotIn("jdk.jshell", trace)
        self.assertNotIn("reflect", trace)

    def test_incomplete_cell_says_where(self):
        cell = self.k.execute("int ok = 1;\nfor (int i = 0; i < 3; i++) {")
        self.assertEqual(cell.error["ename"], "IncompleteCode")
        self.assertIn("line 2", cell.error["evalue"])

    def test_time_prints_cpu_and_wall_time_and_keeps_the_value(self):
        cell = self.run_ok("%time 6 * 7")
        self.assertRegex(cell.stdout, r"CPU times: user .*, sys: .*, total: .*\nWall time: [0-9.]+ (ns|µs|ms|s)")
        self.assertEqual(cell.result["text/plain"], "42")
        cell = self.run_ok("%%time\nint t = 1;\nt + 1")
        self.assertIn("Wall time:", cell.stdout)
        self.assertEqual(cell.result["text/plain"], "2")

    def test_timeit_reports_like_ipython(self):
        cell = self.run_ok("%timeit -n 1000 -r 3 Math.sqrt(2.0)")
        self.assertRegex(cell.stdout,
                         r"[0-9.]+ (ns|µs|ms) ± [0-9.]+ (ns|µs|ms) per loop \(mean ± std. dev. of 3 runs, "
                         r"1000 loops each\)")
        cell = self.run_ok("%%timeit -n 10 -r 2\nvar sb = new StringBuilder();\nsb.append(1);")
        self.assertIn("of 2 runs, 10 loops each", cell.stdout)

    def test_unknown_magic_lists_the_known_ones(self):
        cell = self.k.execute("%nosuchmagic 1")
        self.assertEqual(cell.error["ename"], "UsageError")
        for name in ["%time", "%timeit", "%classpath", "%load", "%lsmagic", "%memit", "%%memprofile", "%%mprof"]:
            self.assertIn(name, cell.error["evalue"])
        self.assertIn("%%time", self.run_ok("%lsmagic").stdout)

    def test_load_runs_a_file_and_classpath_adds_a_jar(self):
        with tempfile.TemporaryDirectory() as tmp:
            script = os.path.join(tmp, "helpers.jsh")
            with open(script, "w") as f:
                f.write("int triple(int x) { return 3 * x; }\ntriple(5)\n")
            self.assertEqual(self.run_ok("%load " + script).result["text/plain"], "15")
            src = os.path.join(tmp, "greet", "Greeter.java")
            os.makedirs(os.path.dirname(src))
            with open(src, "w") as f:
                f.write("package greet; public class Greeter { public static String hi() { return \"hi\"; } }")
            subprocess.run(["javac", "-d", os.path.join(tmp, "classes"), src], check=True)
            jar = os.path.join(tmp, "greet.jar")
            subprocess.run(["jar", "cf", jar, "-C", os.path.join(tmp, "classes"), "."], check=True)
            self.run_ok("%classpath " + jar)
            self.assertEqual(self.value("greet.Greeter.hi()"), "hi")
            cell = self.k.execute("%classpath " + os.path.join(tmp, "missing.jar"))
            self.assertIn("no such jar or folder", cell.error["evalue"])

    def test_long_tables_show_head_tail_and_size(self):
        cell = self.run_ok('Table.create("big", IntColumn.create("n", java.util.stream.IntStream.range(0, 100)'
                           '.toArray()))')
        html = cell.result["text/html"]
        self.assertIn("big: 100 rows × 1 columns", html)
        self.assertIn("INTEGER", html)
        self.assertIn("&hellip;", html)
        self.assertIn("<td>99</td>", html)
        self.assertNotIn("<td>50</td>", html)

    def test_charts_render_as_png(self):
        cell = self.run_ok('var chart = new XYChartBuilder().width(300).height(200).title("t").build();\n'
                           'chart.addSeries("s", new double[]{1, 2, 3}, new double[]{3, 1, 2});\nchart')
        png = base64.b64decode(cell.result["image/png"])
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")

    def test_display_updates_in_place(self):
        cell = self.run_ok('var id = display("first");\nupdateDisplay(id, "second");')
        shown = cell.of_type("display_data")
        updated = cell.of_type("update_display_data")
        self.assertEqual(shown[0]["data"]["text/plain"], "first")
        self.assertEqual(updated[0]["data"]["text/plain"], "second")
        self.assertEqual(shown[0]["transient"]["display_id"], updated[0]["transient"]["display_id"])

    def test_progress_is_one_display_updated_until_done(self):
        cell = self.run_ok("try (var p = progress(\"steps\", 3)) { for (int i = 0; i < 3; i++) p.advance(1); }")
        self.assertEqual(len(cell.of_type("display_data")), 1)
        self.assertIn("3/3", cell.of_type("update_display_data")[-1]["data"]["text/plain"])
        self.assertIn("done", cell.of_type("update_display_data")[-1]["data"]["text/plain"])

    def test_a_cell_defined_record_and_lambda_run_in_a_pool_of_workers(self):
        self.run_ok("record Tile(int w, int h) implements java.io.Serializable { int area() { return w * h; } }")
        cell = self.run_ok(textwrap.dedent("""\
            try (var pool = Pool.create(2)) {
                var pids = pool.map(i -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4));
                var areas = pool.map(i -> new Tile(i, i + 1).area(), List.of(1, 2, 3));
                System.out.println(pids.contains(ProcessHandle.current().pid()));
                System.out.println(areas);
            }"""))
        self.assertEqual(cell.stdout.split(), ["false", "[2,", "6,", "12]"])

    def test_workers_start_from_the_class_data_archive_of_their_jdk(self):
        # JDK 25 and later: an AOT cache (JEP 483/514/515); before: a dynamic AppCDS archive. Either is checked by a
        # JVM that refuses to start without it before any worker is given it, so a worker that names one maps it.
        cell = self.run_ok(textwrap.dedent("""\
            try (var pool = Pool.create(1)) {
                var options = pool.submit(() -> java.lang.management.ManagementFactory.getRuntimeMXBean()
                        .getInputArguments()).get();
                System.out.println(Runtime.version().feature() >= 25
                        ? options.stream().anyMatch(o -> o.startsWith("-XX:AOTCache=") && o.endsWith(".aot"))
                        : options.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=") && o.endsWith(".jsa")));
            }"""), timeout=120)
        self.assertEqual(cell.stdout.strip(), "true")

    def test_standby_workers_run_cell_code_and_return_cell_records(self):
        # A standby worker is started by a background thread, before the cell's classes exist; its results
        # must still decode into the cell's classes.
        self.run_ok("record Box(int side) implements java.io.Serializable { int volume() { return side * side * side; } }")
        self.start_standby_workers("standby")
        cell = self.run_ok(textwrap.dedent("""\
            try (var pool = Pool.builder().processes(2).workerOptions(standby).build()) {
                var boxes = pool.map(i -> new Box(i), List.of(1, 2, 3));
                System.out.println(boxes.get(2).getClass() == Box.class);
                System.out.println(boxes.stream().mapToInt(Box::volume).sum());
            } finally {
                Worker.closeStandby();
            }"""), timeout=90)
        self.assertEqual(cell.stdout.split(), ["true", "36"])

    def test_memory_magics_measure_the_kernel(self):
        self.assertRegex(self.run_ok("%memit new long[2_000_000]").stdout,
                         r"peak memory: [0-9.]+ MiB, increment: -?[0-9.]+ MiB")
        profile = self.run_ok("%%memprofile\nvar big = new long[4_000_000];\nbig = null;").stdout
        self.assertIn("Line #", profile)
        self.assertIn("Mem usage", profile)
        self.assertIn("var big = new long[4_000_000];", profile)
        cell = self.run_ok("%%mprof --interval 20\nThread.sleep(200);")
        self.assertEqual(len(cell.of_type("display_data")), 1)
        self.assertIn("image/png", cell.of_type("display_data")[0]["data"])
        self.assertIn("rss", cell.result["text/html"])
        self.assertEqual(self.k.execute("%%mprof --interval zero\n1").error["ename"], "UsageError")

    def test_memit_right_after_a_collection_counts_all_the_statement_touched(self):
        # G1 gives the heap a collection freed back to the system on a thread of its own, from about 100 ms after it:
        # read as the baseline of the next cell's %memit, that drop hid most of what the statement touched
        self.run_ok("var keptBuffers = new java.util.ArrayList<java.nio.ByteBuffer>();")
        for round_ in range(3):
            self.run_ok("var garbage = new byte[48][]; for (int i = 0; i < 48; i++) garbage[i] = new byte[8 << 20];"
                        " garbage = null; System.gc();")
            out = self.run_ok("%memit keptBuffers.add(java.nio.ByteBuffer.allocateDirect(128 << 20))").stdout
            increment = float(re.search(r"increment: (-?[0-9.]+) MiB", out).group(1))
            self.assertGreater(increment, 120, f"round {round_}: {out}")
        self.run_ok("keptBuffers = null; System.gc();")

    def test_inspect_gives_signatures_and_javadoc_where_the_jdk_ships_its_sources(self):
        self.k.kc.inspect("Math.max", 8, 1)
        reply = self.k.kc.get_shell_msg(timeout=30)
        text = reply["content"]["data"]["text/plain"]
        self.assertIn("int Math.max(int a, int b)", text)
        java_home = self.run_ok('System.getProperty("java.home")').result["text/plain"]
        if os.path.exists(os.path.join(java_home, "lib", "src.zip")):
            self.assertIn("Returns the greater of two", text)

    def test_a_print_loop_arrives_whole_in_order_and_in_batches(self):
        cell = self.run_ok("for (int i = 0; i < 100_000; i++) { System.out.println(i); }", timeout=120)
        self.assertEqual(cell.stdout.split(), [str(i) for i in range(100_000)])
        self.assertLess(len(cell.of_type("stream")), 1000)

    def test_output_keeps_its_order_around_displays(self):
        cell = self.run_ok('System.out.println("before"); display("shown"); System.out.println("after");')
        kinds = [(m["msg_type"], m["content"].get("text") or m["content"]["data"]["text/plain"])
                 for m in cell.messages if m["msg_type"] in ("stream", "display_data")]
        self.assertEqual(kinds, [("stream", "before\n"), ("display_data", "shown"), ("stream", "after\n")])

    def test_interrupt_stops_a_printing_loop_and_the_kernel_answers_after(self):
        cell = self.interrupted("long printed = 0; while (true) { System.out.println(printed++); }")
        self.assertEqual(cell.error["ename"], "Interrupted")
        self.assertEqual(self.run_ok('System.out.println("alive"); 6 * 7').result["text/plain"], "42")

    def test_output_of_a_thread_that_outlives_its_cell_reaches_the_notebook(self):
        self.run_ok('new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { } '
                    'System.out.println("late line"); }).start();')
        seen = []
        deadline = time.monotonic() + 15
        while "late line\n" not in seen and time.monotonic() < deadline:
            try:
                msg = self.k.kc.get_iopub_msg(timeout=1)
            except Exception:
                continue
            if msg["msg_type"] == "stream":
                seen.append(msg["content"]["text"])
        self.assertIn("late line\n", seen)

    def test_pager_shows_documentation(self):
        cell = self.run_ok("Math.max?")
        payload = cell.reply["content"]["payload"]
        self.assertEqual(payload[0]["source"], "page")
        self.assertIn("max(", payload[0]["data"]["text/plain"])


if __name__ == "__main__":
    unittest.main()
