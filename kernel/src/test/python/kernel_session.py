"""A Procbook kernel started through the real Jupyter client, with helpers to run cells and collect output."""
import textwrap
import time
import unittest
from queue import Empty

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


class Cell:
    """What one execute_request produced: the reply and the iopub messages, in order."""

    def __init__(self, reply, messages):
        self.reply = reply
        self.messages = messages

    @property
    def status(self):
        return self.reply["content"]["status"]

    @property
    def error(self):
        return next((m["content"] for m in self.messages if m["msg_type"] == "error"), None)

    @property
    def stdout(self):
        return "".join(m["content"]["text"] for m in self.messages
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    @property
    def stderr(self):
        return "".join(m["content"]["text"] for m in self.messages
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")

    def of_type(self, msg_type):
        return [m["content"] for m in self.messages if m["msg_type"] == msg_type]

    @property
    def result(self):
        results = self.of_type("execute_result")
        return results[0]["data"] if results else None


class KernelSession:
    def __init__(self, kernel_name="procbook", **launch):
        """Starts a kernel; `launch` goes to the kernel's launch, e.g. env={...} or stderr=a_file."""
        self.km, self.kc = start_new_kernel(kernel_name=kernel_name, **launch)

    def close(self):
        """Stops the kernel; again, it does nothing."""
        self.kc.stop_channels()
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)

    def exit_status(self):
        """The kernel process's exit status, or None while it runs."""
        return self.km.provisioner.process.poll()

    def execute(self, code, allow_stdin=False, timeout=TIMEOUT, on_input=None):
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin)
        return self.collect(msg_id, timeout, on_input)

    def collect(self, msg_id, timeout=TIMEOUT, on_input=None):
        deadline = time.monotonic() + timeout
        messages = []
        while True:
            if on_input is not None:
                try:
                    request = self.kc.get_stdin_msg(timeout=0.05)
                    self.kc.input(on_input(request["content"]["prompt"]))
                except Empty:
                    pass
            try:
                # at most a second at a time, so that a kernel that died is noticed at once
                wait = 0.05 if on_input else max(0.1, min(1.0, deadline - time.monotonic()))
                msg = self.kc.get_iopub_msg(timeout=wait)
            except Empty:
                if not self.km.is_alive():
                    raise AssertionError("the kernel died: exit status=%s" % self.exit_status()) from None
                if time.monotonic() > deadline:
                    raise AssertionError("no idle status within %s s" % timeout) from None
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    break
                continue
            if msg["msg_type"] != "execute_input":
                messages.append(msg)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return Cell(reply, messages)


def until(what, condition, timeout=TIMEOUT):
    """Returns once `condition()` holds, checking every 20 ms; fails naming `what` after `timeout` seconds, a bound
    on a state that never comes, not a measure of speed."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %s s waiting for: %s" % (timeout, what))
        time.sleep(0.02)


class KernelTestCase(unittest.TestCase):
    """A test class that shares one kernel session among its tests."""

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def await_output(self, msg_id, marker, timeout=TIMEOUT):
        """Waits until the cell `msg_id` prints `marker`: its code runs, JShell no longer compiles it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.k.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            except Empty:
                break
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                    and marker in msg["content"]["text"]):
                return
        raise AssertionError("cell never printed %r within %s s" % (marker, timeout))

    def interrupted(self, statements, ready=None):
        """Runs `statements` in one block that first prints "running", interrupts the cell once that is seen (and
        then `ready()` holds, if given) and returns the cell.

        An interrupt that comes while JShell still compiles a snippet is lost (a known gap of the kernel), and JShell
        compiles a block whole before it runs it: so the moment is observed, not guessed at with a sleep. Whether
        the cell then stops is its outcome; one that ignores the interrupt fails collect's timeout."""
        msg_id = self.k.kc.execute('{ System.out.println("running"); ' + statements + ' }')
        self.await_output(msg_id, "running")
        if ready is not None:
            until("the cell to be ready for its interrupt", ready)
        self.k.km.interrupt_kernel()
        return self.k.collect(msg_id, timeout=30)

    def run_ok(self, code, **kw):
        cell = self.k.execute(code, **kw)
        self.assertEqual(cell.status, "ok", cell.error)
        return cell

    def value(self, code, **kw):
        """The text of the value `code` shows; the cell must succeed."""
        return self.run_ok(code, **kw).result["text/plain"]

    def start_standby_workers(self, name, count=2):
        """Declares the WorkerOptions `name`, keeping `count` standby workers, and waits until all of them wait."""
        self.run_ok("var {0} = WorkerOptions.defaults().withStandby({1}); Worker.startStandby({0});".format(name, count))
        self.run_ok(textwrap.dedent("""\
            for (long end = System.nanoTime() + 60_000_000_000L; Worker.standbyWaiting({0}) < {1}; ) {{
                if (System.nanoTime() > end) throw new IllegalStateException("no standby workers");
                Thread.sleep(10);
            }}""".format(name, count)), timeout=90)
