"""Interrupts of cells blocked in Procbook's helper library, through the real Jupyter client.

Each test interrupts a cell while it waits in a `lib` call, then checks that the cell stopped, that the kernel
answers `1 + 1` and that the objects the cell used still work (or were clearly closed). A cell that ignores the
interrupt fails the test after STOP_TIMEOUT seconds, and the kernel is restarted so the next test starts clean.
"""
import os
import random
import subprocess
import sys
import textwrap
import time
import unittest

from kernel_session import KernelSession, KernelTestCase

# Generous on purpose: a cell should stop within 1 s; one that has not after this long ignored the interrupt.
STOP_TIMEOUT = 15
SLEEPING_TASK = "i -> { Thread.sleep(60_000); return i; }"


class InterruptTestCase(KernelTestCase):
    """Helpers shared by the interrupt tests: start a cell, interrupt it, check the kernel answers."""

    def start(self, code):
        """Sends `code` and waits until the kernel says it is busy with it; returns the message id."""
        msg_id = self.k.kc.execute(code)
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline:
            msg = self.k.kc.get_iopub_msg(timeout=STOP_TIMEOUT)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "busy"):
                return msg_id
        raise AssertionError("kernel never became busy with: %s" % code)

    def interrupt(self):
        """Sends interrupt_request on the control channel and waits for the reply, so no later cell can get it."""
        request = self.k.kc.session.msg("interrupt_request", {})
        self.k.kc.control_channel.send(request)
        deadline = time.monotonic() + STOP_TIMEOUT
        while True:
            reply = self.k.kc.get_control_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == request["header"]["msg_id"]:
                return

    def stopped(self, code, after, running_marker=None):
        """Runs `code`, interrupts it `after` seconds after it started (after it printed `running_marker`, if
        given); returns the cell and the seconds it took to stop."""
        msg_id = self.start(code)
        if running_marker:
            self.await_output(msg_id, running_marker, timeout=STOP_TIMEOUT)
        time.sleep(after)
        interrupted_at = time.monotonic()
        self.interrupt()
        try:
            cell = self.k.collect(msg_id, timeout=STOP_TIMEOUT)
        except AssertionError:
            self.print_thread_dump()
            self.restart_kernel()
            raise AssertionError("cell did not stop within %s s of an interrupt: %s" % (STOP_TIMEOUT, code))
        return cell, time.monotonic() - interrupted_at

    @staticmethod
    def seeded_random():
        """A seed, printed so that PROCBOOK_INTERRUPT_SEED can repeat the run, and a random generator from it."""
        seed = int(os.environ.get("PROCBOOK_INTERRUPT_SEED", random.randrange(1 << 32)))
        print("interrupt seed: %d (PROCBOOK_INTERRUPT_SEED=%d repeats this run)" % (seed, seed), file=sys.stderr)
        return seed, random.Random(seed)

    def assert_interrupted(self, cell, code):
        self.assertEqual(cell.status, "error", "cell finished although interrupted: %s" % code)
        self.assertEqual(cell.error["ename"], "Interrupted", "%s: %s" % (code, cell.error))

    def assert_answers(self, after):
        try:
            cell = self.k.execute("1 + 1", timeout=STOP_TIMEOUT)
        except AssertionError:
            self.restart_kernel()
            raise AssertionError("kernel did not answer 1 + 1 after an interrupt of: %s" % after)
        self.assertEqual(cell.status, "ok", cell.error)
        self.assertEqual(cell.result["text/plain"], "2")

    def value(self, code, timeout=STOP_TIMEOUT):
        try:
            cell = self.k.execute(code, timeout=timeout)
        except AssertionError:
            self.restart_kernel()
            raise AssertionError("no answer within %s s to: %s" % (timeout, code))
        self.assertEqual(cell.status, "ok", "%s: %s" % (code, cell.error))
        return cell.result["text/plain"] if cell.result else None

    def children(self):
        return int(self.value("ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()"))

    def assert_children_become(self, expected, timeout=STOP_TIMEOUT):
        """Waits, up to `timeout`, until the kernel has `expected` live child processes."""
        deadline = time.monotonic() + timeout
        count = self.children()
        while count != expected and time.monotonic() < deadline:
            time.sleep(0.2)
            count = self.children()
        self.assertEqual(count, expected, "child processes of the kernel")

    def print_thread_dump(self):
        """Prints the stuck kernel's threads to stderr, so that a failure says where the cell waits."""
        pid = self.k.km.provisioner.process.pid
        dump = subprocess.run(["jcmd", str(pid), "Thread.print"], capture_output=True, text=True, timeout=60)
        print("threads of the kernel (pid %d):\n%s" % (pid, dump.stdout or dump.stderr), file=sys.stderr)

    @classmethod
    def restart_kernel(cls):
        cls.k.close()
        cls.k = KernelSession()


class ClassInitializationInterruptTest(InterruptTestCase):
    """An interrupt that comes while a class initializes (a cell's own class, or lib's on a first Pool.submit) must
    not leave that class unusable for the rest of the session: a ThreadDeath thrown in a static initializer (by
    JDK 17's Thread.stop, or by the checks JShell weaves into cells from JDK 20) makes every later use fail with
    NoClassDefFoundError."""

    maxDiff = None  # the whole error of a class left unusable

    def test_a_class_interrupted_while_it_initializes_stays_usable(self):
        self.run_ok(textwrap.dedent("""\
            class SlowStart {
                static final int VALUE;
                static {
                    System.out.println("initializing");
                    try {
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    VALUE = 7;
                }
            }"""))
        cell, _ = self.stopped("int v = SlowStart.VALUE; Thread.sleep(60_000);", 0.3, running_marker="initializing")
        self.assert_interrupted(cell, "SlowStart.VALUE during its initialization")
        self.assertEqual(self.value("SlowStart.VALUE"), "7")

    def test_an_interrupt_never_lands_in_a_static_initializer(self):
        """A cell that initializes classes one after another, each busy in its initializer, as a first Pool.submit
        initializes the JDK's serialization classes: the stop must end the cell between initializers. A stop that
        lands in one leaves that class unusable for the rest of the session: here the copy of Counted that the
        loop initialized last."""
        self.run_ok(textwrap.dedent("""\
            class Counted {
                static final long SUM;
                static {
                    long s = 0;
                    for (int i = 0; i < 20_000; i++) {
                        s += Integer.toString(i).hashCode();
                    }
                    SUM = s;
                }
            }
            byte[] countedBytes = Counted.class.getClassLoader()
                    .getResourceAsStream(Counted.class.getName().replace('.', '/') + ".class").readAllBytes();
            Class<?> copy = null;"""))
        code = textwrap.dedent("""\
            System.out.println("running");
            while (true) {
                copy = new ClassLoader(Counted.class.getClassLoader()) {
                    Class<?> define() {
                        return defineClass(Counted.class.getName(), countedBytes, 0, countedBytes.length);
                    }
                }.define();
                Class.forName(copy.getName(), true, copy.getClassLoader());
            }""")
        for after in (0.1, 0.3, 0.6, 0.9, 1.2):
            cell, seconds = self.stopped(code, after, running_marker="running")
            print("classes initializing one after another, interrupted after %.1f s, stopped in %.3f s"
                  % (after, seconds), file=sys.stderr)
            self.assert_interrupted(cell, "a loop of initializers, interrupted after %.1f s" % after)
            last = self.k.execute("Class.forName(copy.getName(), true, copy.getClassLoader()) == copy",
                                  timeout=STOP_TIMEOUT)
            self.assertEqual((last.status, last.error), ("ok", None), "interrupted after %.1f s" % after)
            self.assertEqual(last.result["text/plain"], "true")


class PipeRecvInterruptTest(InterruptTestCase):

    def test_recv_on_a_pipe_that_delivered_a_message_stops_and_the_pipe_goes_on(self):
        self.assertEqual(self.value('var pipe = Pipe.open(); var tx = pipe.a(); var rx = pipe.b(); '
                                    'tx.send("y"); tx.flush(); rx.recv()'), 'y')
        cell, seconds = self.stopped("Object got = rx.recv();", after=0.5)
        print("recv after a delivered message stopped in %.3f s" % seconds, file=sys.stderr)
        self.assert_interrupted(cell, "rx.recv()")
        self.assert_answers("rx.recv()")
        self.assertEqual(self.value('tx.send("z"); tx.flush(); rx.recv()'), 'z')


class PoolCreateInterruptTest(InterruptTestCase):
    """In a kernel of its own: the interrupted Pool.create is the first cell to open the hub."""

    def test_interrupted_pool_create_leaves_no_worker_and_later_pools_work(self):
        before = self.children()
        for after in (0.05, 0.2, 0.4):
            code = "try (var half = Pool.create(6)) { }"
            cell, seconds = self.stopped(code, after=after)
            print("Pool.create interrupted after %.2f s stopped in %.3f s: %s"
                  % (after, seconds, cell.status), file=sys.stderr)
            if after == 0.05:
                self.assert_interrupted(cell, code)
            self.assert_answers(code)
            self.assert_children_become(before)
        self.assertEqual(self.value("var later = Pool.create(2); var laterResult = later.map(i -> i + 1, List.of(1, 2)); "
                                    "later.close(); laterResult", timeout=60), "[2, 3]")
        self.assert_children_become(before)


class ManagerStartInterruptTest(InterruptTestCase):
    """A manager interrupted while it starts or closes leaves no JVM behind (on JDK 17 the stop may land anywhere:
    while the manager's JVM answers its first call, or while it is told to shut down)."""

    def test_interrupted_manager_start_or_close_leaves_no_process(self):
        before = self.children()
        for after in (0.05, 0.15, 0.3, 0.5):
            code = "for (int i = 0; i < 20; i++) { try (var m = Manager.start()) { m.pid(); } }"
            cell, seconds = self.stopped(code, after=after)
            print("Manager.start/close interrupted after %.2f s stopped in %.3f s" % (after, seconds), file=sys.stderr)
            self.assert_interrupted(cell, code)
            self.assert_answers(code)
            self.assert_children_become(before)
        self.assertEqual(self.value("var later = Manager.start(); long laterPid = later.pid(); later.close(); "
                                    "laterPid > 0", timeout=60), "true")
        self.assert_children_become(before)


class MapInterruptTest(InterruptTestCase):

    def setUp(self):
        self.value("var mapPool = Pool.create(2);", timeout=120)

    def tearDown(self):
        self.value("mapPool.terminate();", timeout=60)

    def assert_cancels(self, code):
        cell, seconds = self.stopped(code, after=1.5)
        print("%s stopped in %.3f s" % (code, seconds), file=sys.stderr)
        self.assert_interrupted(cell, code)
        self.assert_answers(code)
        # The abandoned tasks sleep 60 s: the next map answers well before they would end only if they were stopped.
        self.assertEqual(self.value("mapPool.map(i -> i + 1, List.of(1, 2, 3))", timeout=30), "[2, 3, 4]")
        self.assertEqual(self.value("mapPool.size()"), "2")

    def test_interrupted_map_cancels_its_tasks(self):
        self.assert_cancels("mapPool.map(%s, List.of(1, 2, 3, 4, 5, 6))" % SLEEPING_TASK)

    def test_interrupted_imap_cancels_its_tasks(self):
        self.assert_cancels("mapPool.imap(%s, List.of(1, 2, 3, 4, 5, 6)).next()" % SLEEPING_TASK)

    def test_interrupted_starmap_cancels_its_tasks(self):
        self.assert_cancels("mapPool.starmap((a, b) -> { try { Thread.sleep(60_000); } "
                            "catch (InterruptedException e) { throw new RuntimeException(e); } return a + b; }, "
                            "List.of(Map.entry(1, 2), Map.entry(3, 4), Map.entry(5, 6)))")


# Each call blocks until interrupted, unless `may_finish`: those that start processes may end before the interrupt.
BLOCKING_CALLS = [
    ("recv", "sRx.recv()", False),
    ("recvBytes", "sRx.recvBytes()", False),
    ("poll", "sRx.poll(java.time.Duration.ofSeconds(60))", False),
    ("Queue.get", "sQueue.get()", False),
    ("Future.get", "sPool.submit(() -> { Thread.sleep(3_000); return 1; }).get()", False),
    ("map", "sPool.map(%s, List.of(1, 2, 3, 4))" % SLEEPING_TASK, False),
    ("imap", "sPool.imap(%s, List.of(1, 2, 3, 4)).next()" % SLEEPING_TASK, False),
    ("Pool.create", "try (var p = Pool.create(2)) { }", True),
    ("Worker.start", "try (var w = Worker.start()) { w.call(() -> 1); }", True),
]


# Cells whose own thread sends on the kernel's iopub socket: a printing loop drains its full buffer itself, and a
# display or a cleared output goes out at once.
PUBLISHING_CELLS = [
    ("println", 'long printed = 0; while (true) { System.out.println("line " + printed++); }'),
    ("display", 'int shown = 0; while (true) { display("shown " + shown++); }'),
    ("clearOutput", 'while (true) { System.out.println("x".repeat(1000)); clearOutput(); }'),
]


class PublishingInterruptTest(InterruptTestCase):

    INTERRUPTS = int(os.environ.get("PROCBOOK_PUBLISHING_INTERRUPTS", "40"))

    def test_an_interrupt_while_a_cell_publishes_output_leaves_every_later_message_whole(self):
        seed, rnd = self.seeded_random()
        for n in range(self.INTERRUPTS):
            name, code = rnd.choice(PUBLISHING_CELLS)
            after = rnd.uniform(0.0, 0.3)
            where = "interrupt %d of %s after %.3f s, seed %d" % (n, name, after, seed)
            cell, _ = self.stopped('System.out.println("running"); ' + code, after, running_marker="running")
            self.assert_interrupted(cell, where)
            try:
                answer = self.k.execute('System.out.println("alive"); 6 * 7', timeout=STOP_TIMEOUT)
            except AssertionError:
                self.restart_kernel()
                raise AssertionError("kernel did not answer after %s" % where)
            self.assertEqual((answer.status, answer.stdout, answer.result["text/plain"]), ("ok", "alive\n", "42"),
                             where)


class InputInterruptTest(InterruptTestCase):

    def test_an_interrupt_stops_a_cell_waiting_for_input_and_the_next_input_is_answered(self):
        for n in range(8):
            msg_id = self.k.kc.execute('input("Your name? ")', allow_stdin=True)
            request = self.k.kc.get_stdin_msg(timeout=STOP_TIMEOUT)
            self.assertEqual(request["content"]["prompt"], "Your name? ")
            time.sleep(0.05 * n)
            self.interrupt()
            cell = self.k.collect(msg_id, timeout=STOP_TIMEOUT)
            self.assert_interrupted(cell, "input, round %d" % n)
        cell = self.k.execute('input("Again? ")', allow_stdin=True, on_input=lambda prompt: "Ada")
        self.assertEqual((cell.status, cell.result["text/plain"]), ("ok", "Ada"), cell.error)
        self.assert_answers("input")

    def test_no_thread_of_the_kernel_is_in_the_group_that_an_interrupt_reaches(self):
        """From JDK 20 JShell interrupts every thread in the group of the cell's thread (one for each cell, all
        of one name), and a thread inherits the group of the thread that makes it. The thread that asks the
        front end for input was made by the first cell that asked, in that cell's group: that cell's interrupt
        reached it too, and a later input() could fail with the ZMQException of its interrupted poll instead of
        asking."""
        msg_id = self.k.kc.execute('input("Your name? ")', allow_stdin=True)
        self.k.kc.get_stdin_msg(timeout=STOP_TIMEOUT)
        self.interrupt()
        self.assert_interrupted(self.k.collect(msg_id, timeout=STOP_TIMEOUT), "input")
        cell = self.k.execute(
            "var cellGroups = Thread.currentThread().getThreadGroup().getName();"
            " Thread.getAllStackTraces().keySet().stream()"
            ".filter(t -> t.getThreadGroup() != null && t.getThreadGroup().getName().equals(cellGroups))"
            ".map(Thread::getName).filter(name -> name.startsWith(\"procbook-\")).toList()")
        self.assertEqual((cell.status, cell.result["text/plain"]), ("ok", "[]"), cell.error)


class RandomInterruptTest(InterruptTestCase):

    INTERRUPTS = int(os.environ.get("PROCBOOK_INTERRUPTS", "200"))

    def test_every_blocking_call_stops_on_an_interrupt_at_a_random_moment(self):
        seed, rnd = self.seeded_random()
        self.value('var sPool = Pool.create(2); var sPipe = Pipe.open(); var sTx = sPipe.a(); var sRx = sPipe.b(); '
                   'sTx.send("warm"); sTx.flush(); sRx.recv(); var sQueue = Queue.open();', timeout=120)
        base = self.children()
        slowest = {}
        for n in range(self.INTERRUPTS):
            name, code, may_finish = rnd.choice(BLOCKING_CALLS)
            after = rnd.uniform(0.0, 0.8)
            # the first failure ends the test: a kernel restarted after it has lost the objects the calls use
            where = "interrupt %d of %s after %.3f s, seed %d: %s" % (n, name, after, seed, code)
            # An interrupt that comes while JShell still compiles the cell is lost (the kernel's, not lib's, to
            # mend): the cell says when its code runs, and the random moment counts from there.
            cell, seconds = self.stopped('System.out.println("running"); ' + code, after, running_marker="running")
            slowest[name] = max(slowest.get(name, 0), seconds)
            if not (may_finish and cell.status == "ok"):
                self.assert_interrupted(cell, where)
            self.assert_answers(where)
        print("slowest stop per call (s): %s" % {k: round(v, 3) for k, v in sorted(slowest.items())},
              file=sys.stderr)
        self.assertEqual(self.value('sTx.send("after"); sTx.flush(); sRx.recv()'), 'after')
        self.assertEqual(self.value('sQueue.put(7); sQueue.get()'), "7")
        self.assertEqual(self.value("sPool.map(i -> i * 2, List.of(1, 2, 3))", timeout=60), "[2, 4, 6]")
        self.assert_children_become(base)
        self.value("sPool.terminate(); sPipe.close(); sQueue.close();")


if __name__ == "__main__":
    unittest.main()
