"""%spark and SparkPool through the real Jupyter client: the spark module's jars added at run time, the same cell
code (lambdas, records, top-level variables) run by SparkPool in local[2] and by Pool, with the same results."""
import os
import textwrap
import unittest

from kernel_session import KernelSession, KernelTestCase, until

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
SPARK_HOME = os.environ.get("PROCBOOK_SPARK_HOME") or os.path.join(ROOT, "spark", "target", "spark-home")


@unittest.skipUnless(os.path.isdir(os.path.join(SPARK_HOME, "jars")),
                     "no Spark jars at %s: build them with mvn package" % SPARK_HOME)
class SparkMagicTest(KernelTestCase):

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession(env=dict(os.environ, PROCBOOK_SPARK_HOME=SPARK_HOME))
        cell = cls.k.execute("%spark local[2]", timeout=180)
        assert cell.status == "ok", cell.error
        cls.started = cell.result["text/plain"]
        cell = cls.k.execute("var sp = spark.pool(); var pool = Pool.create(2);", timeout=120)
        assert cell.status == "ok", cell.error

    @classmethod
    def tearDownClass(cls):
        cls.k.execute("sp.close(); pool.close();")
        cls.k.execute("%spark stop", timeout=120)
        super().tearDownClass()

    def test_the_magic_starts_a_local_driver(self):
        self.assertIn("SparkDriver[master=local[2]", self.started)
        self.assertEqual(self.value("sp.size()"), "2")

    def test_cell_lambdas_records_and_a_top_level_variable_give_what_pool_gives(self):
        self.run_ok("int factor = 3; record Scaled(int item, long value) {}")
        self.run_ok("long scaled(int x) { return (long) x * factor; }")
        on_spark = self.value("sp.map(x -> new Scaled(x, scaled(x)), List.of(1, 2, 3), 1)", timeout=120)
        self.assertEqual(on_spark, "[Scaled[item=1, value=3], Scaled[item=2, value=6], Scaled[item=3, value=9]]")
        self.assertEqual(self.value("pool.map(x -> new Scaled(x, scaled(x)), List.of(1, 2, 3), 1)"), on_spark)
        cell = self.run_ok(textwrap.dedent("""\
            var pairs = List.of(Map.entry(2, "ab"), Map.entry(3, "c"));
            System.out.println(sp.starmap((n, s) -> s.repeat(n), pairs).equals(pool.starmap((n, s) -> s.repeat(n), pairs)));
            var streamed = new ArrayList<Scaled>(); sp.imap(x -> new Scaled(x, scaled(x)), List.of(4, 5)).forEachRemaining(streamed::add);
            System.out.println(streamed);
            System.out.println(sp.submit(() -> scaled(14)).get());"""), timeout=120)
        self.assertEqual(cell.stdout.splitlines(),
                         ["true", "[Scaled[item=4, value=12], Scaled[item=5, value=15]]", "42"])

    def test_a_task_that_assigns_or_mutates_a_top_level_variable_leaves_the_notebooks_alone(self):
        # local executors are threads of the kernel: still, as in a Pool worker, a task's top-level variables are
        # its own, set from the values sent with the call
        self.run_ok("int total = 5; List<Integer> seen = new ArrayList<>();")
        self.run_ok("sp.map(x -> { total = total + x; seen.add(x); return total; }, List.of(1, 2, 3, 4), 1)",
                    timeout=120)
        self.assertEqual(self.value("total"), "5")
        self.assertEqual(self.value("seen"), "[]")
        self.run_ok("total = 10;")
        self.assertEqual(self.value("sp.map(x -> total + x, List.of(1))", timeout=120), "[11]")
        self.assertEqual(self.value("pool.map(x -> total + x, List.of(1))"), "[11]")

    def test_a_function_that_throws_fails_the_cell_with_the_executors_trace(self):
        cell = self.k.execute("sp.map(x -> 10 / (x - 2), List.of(1, 2, 3), 1)", timeout=120)
        self.assertEqual(cell.status, "error")
        self.assertIn("TaskFailedException", cell.error["ename"] + cell.error["evalue"])
        self.assertIn("item 1", cell.error["evalue"])
        self.assertIn("ArithmeticException", "\n".join(cell.error["traceback"]))

    def test_an_interrupt_cancels_the_job_and_the_pool_goes_on(self):
        cell = self.interrupted("sp.map(x -> { Thread.sleep(120_000); return x; }, List.of(1, 2, 3, 4));")
        self.assertEqual(cell.status, "error")
        until("no Spark job running", lambda: self.value(
            "spark.context().statusTracker().getActiveJobIds().length") == "0", timeout=60)
        self.assertEqual(self.value("sp.map(x -> x + 1, List.of(1))"), "[2]")

    def test_a_bad_master_url_is_named_and_the_driver_stays(self):
        cell = self.k.execute("%spark sprak://nowhere:7077")
        self.assertEqual(cell.status, "error")
        self.assertIn("bad Spark master", cell.error["evalue"])
        self.assertIn("sprak://nowhere:7077", cell.error["evalue"])
        self.assertEqual(self.value("sp.map(x -> x * 2, List.of(21))"), "[42]")


class SparkMagicWithoutJarsTest(unittest.TestCase):

    def test_a_missing_jars_folder_is_named(self):
        # a system property, not PROCBOOK_SPARK_HOME: ./procbook install writes that into the kernelspec, whose env
        # wins over the one a client launches with
        k = KernelSession(env=dict(os.environ, PROCBOOK_JAVA_OPTS="-Dprocbook.spark.home=/nonexistent/spark-home"))
        try:
            cell = k.execute("%spark local[2]")
            self.assertEqual(cell.status, "error")
            self.assertIn("/nonexistent/spark-home", cell.error["evalue"])
            self.assertIn("no jars folder", cell.error["evalue"])
        finally:
            k.close()


if __name__ == "__main__":
    unittest.main()
