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
        self.kc.stop_channels()
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


class KernelTestCase(unittest.TestCase):
    """A test class that shares one kernel session among its tests."""

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def interrupted(self, code, after):
        """Runs code, interrupts it after `after` seconds; returns the cell and the seconds it took to stop."""
        msg_id = self.k.kc.execute(code)
        time.sleep(after)
        interrupted_at = time.monotonic()
        self.k.km.interrupt_kernel()
        cell = self.k.collect(msg_id, timeout=30)
        return cell, time.monotonic() - interrupted_at

    def run_ok(self, code, **kw):
        cell = self.k.execute(code, **kw)
        self.assertEqual(cell.status, "ok", cell.error)
        return cell

    def start_standby_workers(self, name, count=2):
        """Declares the WorkerOptions `name`, keeping `count` standby workers, and waits until all of them wait."""
        self.run_ok("var {0} = WorkerOptions.defaults().withStandby({1}); Worker.startStandby({0});".format(name, count))
        self.run_ok(textwrap.dedent("""\
            for (long end = System.nanoTime() + 60_000_000_000L; Worker.standbyWaiting({0}) < {1}; ) {{
                if (System.nanoTime() > end) throw new IllegalStateException("no standby workers");
                Thread.sleep(10);
            }}""".format(name, count)), timeout=90)
