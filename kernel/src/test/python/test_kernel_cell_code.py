"""Code from cells in worker JVMs, through the real Jupyter client: top-level variables travel by value, records
and enums need no `implements Serializable`, and a redefinition reaches workers that already run."""
import re
import textwrap
import unittest

from kernel_session import KernelTestCase


class CellCodeInWorkersTest(KernelTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cell = cls.k.execute("var pool = Pool.create(2);", timeout=120)
        assert cell.status == "ok", cell.error

    @classmethod
    def tearDownClass(cls):
        cls.k.execute("pool.close();")
        super().tearDownClass()

    def test_a_top_level_variable_read_by_a_map_function_travels_by_value(self):
        self.run_ok("int factor = 3;")
        self.assertEqual(self.value("pool.map(x -> x * factor, List.of(1, 2, 3))"), "[3, 6, 9]")

    def test_a_variable_read_only_inside_a_cell_method_that_the_task_calls_travels(self):
        self.run_ok("int offset = 10;")
        self.run_ok("int shift(int x) { return x + offset; }")
        self.assertEqual(self.value("pool.map(x -> shift(x), List.of(1, 2, 3))"), "[11, 12, 13]")
        self.assertEqual(self.value("pool.submit(() -> shift(5)).get()"), "15")

    def test_records_and_enums_from_cells_travel_without_implements_serializable(self):
        self.run_ok("record Particle(int id, double x) {}")
        self.run_ok("record Pair(Particle a, List<Particle> more, Map<String, Particle> named) {}")
        self.run_ok("enum Spin { UP, DOWN }")
        self.assertEqual(
            self.value("pool.map(p -> new Particle(p.id(), p.x() * 2), List.of(new Particle(1, 1.5)))"),
            "[Particle[id=1, x=3.0]]")
        cell = self.run_ok(textwrap.dedent("""\
            var pair = new Pair(new Particle(1, 1), List.of(new Particle(2, 2)), Map.of("c", new Particle(3, 3)));
            var back = pool.submit(() -> new Pair(pair.a(), pair.more(), pair.named())).get();
            System.out.println(back.equals(pair) + " " + (back.getClass() == Pair.class));
            System.out.println(pool.map(s -> s == Spin.UP ? Spin.DOWN : Spin.UP, List.of(Spin.UP, Spin.DOWN)));"""))
        self.assertEqual(cell.stdout.splitlines(), ["true true", "[DOWN, UP]"])

    def test_a_top_level_queue_and_pipe_end_work_inside_a_task(self):
        cell = self.run_ok(textwrap.dedent("""\
            var results = Queue.open();
            var pipe = Pipe.open(false);
            Connection rx = pipe.a();
            Connection tx = pipe.b();"""))
        cell = self.run_ok(textwrap.dedent("""\
            pool.submit(() -> { results.put("from " + ProcessHandle.current().pid()); return null; }).get();
            var echo = pool.submit(() -> rx.recv());
            tx.send("ping"); tx.flush();
            System.out.println(results.get().toString().startsWith("from "));
            System.out.println(echo.get());"""))
        self.assertEqual(cell.stdout.splitlines(), ["true", "ping"])

    def test_cell_code_sent_through_a_queue_carries_its_top_level_values(self):
        self.run_ok("int scale = 7;")
        self.run_ok("var jobs = Queue.open(); SerializableFunction<Integer, Integer> times = x -> x * scale;")
        self.run_ok("jobs.put(times);")
        self.assertEqual(self.value(
            "pool.submit(() -> ((SerializableFunction<Integer, Integer>) jobs.get()).apply(6)).get()"), "42")

    def test_a_redefined_variable_record_and_method_reach_a_pool_that_already_runs(self):
        self.run_ok("int base = 1; record Cell(int v) { int twice() { return 2 * v; } } int bump(int x) { return x + base; }")
        self.assertEqual(self.value("pool.map(x -> bump(new Cell(x).twice()), List.of(1, 2))"), "[3, 5]")
        self.run_ok("int base = 100;")
        self.assertEqual(self.value("pool.map(x -> bump(new Cell(x).twice()), List.of(1, 2))"), "[102, 104]")
        self.run_ok("record Cell(int v) { int twice() { return 20 * v; } }")
        self.run_ok("int bump(int x) { return x - base; }")
        self.assertEqual(self.value("pool.map(x -> bump(new Cell(x).twice()), List.of(1, 2))"), "[-80, -60]")

    def test_standby_workers_started_before_a_variable_see_its_value(self):
        self.start_standby_workers("warm")
        self.run_ok("String greeting = \"hello\";")
        cell = self.run_ok(textwrap.dedent("""\
            try (var p = Pool.builder().processes(2).workerOptions(warm).build()) {
                System.out.println(p.map(s -> greeting + " " + s, List.of("a", "b")));
            } finally {
                Worker.closeStandby();
            }"""), timeout=90)
        self.assertEqual(cell.stdout.strip(), "[hello a, hello b]")

    def test_a_value_that_cannot_travel_fails_at_submit_naming_variable_type_and_cell(self):
        self.run_ok("class Gauge { int level = 2; }")
        declared = self.k.execute("Gauge gauge = new Gauge();")
        count = declared.reply["content"]["execution_count"]
        self.run_ok("var ran = Queue.open();")
        cell = self.k.execute("pool.map(x -> { ran.put(x); return x * gauge.level; }, List.of(1, 2))")
        self.assertEqual(cell.status, "error")
        message = cell.error["evalue"]
        self.assertIn("variable=gauge", message)
        self.assertIn("type=Gauge", message)
        self.assertIn("cell=In [%d]" % count, message)
        self.assertRegex(message, r"make Gauge Serializable.*or pass the value as an argument")
        nothing_ran = self.k.execute("ran.get(java.time.Duration.ofMillis(500))")
        self.assertEqual(nothing_ran.error["ename"], "dev.procbook.process.QueueEmptyException")

    def test_a_top_level_array_changed_in_a_worker_leaves_the_kernels_copy_unchanged(self):
        self.run_ok("int[] counts = {0, 0};")
        self.assertEqual(self.value("pool.map(i -> { counts[0] += i; return counts[0]; }, List.of(5), 1)"), "[5]")
        self.assertEqual(self.value("counts[0]"), "0")

    def test_an_initializer_reads_the_top_level_values_of_its_cell(self):
        self.run_ok("String label = \"init\"; var seen = Queue.open();")
        cell = self.run_ok(textwrap.dedent("""\
            try (var p = Pool.builder().processes(1).initializer(() -> seen.put(label)).build()) {
                System.out.println(seen.get());
            }"""), timeout=90)
        self.assertEqual(cell.stdout.strip(), "init")


if __name__ == "__main__":
    unittest.main()
