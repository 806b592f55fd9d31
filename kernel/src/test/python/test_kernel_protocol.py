"""Start-up, message signatures and the JDK the kernel runs on, checked against the installed kernelspec."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

from datetime import datetime, timedelta, timezone

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.session import Session

from kernel_session import KernelTestCase


def launcher():
    return os.path.join(KernelSpecManager().get_kernel_spec("procbook").resource_dir, "launch.sh")


class ConnectionFileTest(unittest.TestCase):
    """A kernel given a bad connection file says what is wrong and exits with 2, at once."""

    def start(self, *args):
        return subprocess.run(["bash", launcher(), *args], capture_output=True, text=True, timeout=60)

    def write(self, text):
        f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        f.write(text)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_missing_connection_file_is_named(self):
        done = self.start("/nonexistent/kernel-1.json")
        self.assertEqual(done.returncode, 2)
        self.assertIn("connection file not found: path=/nonexistent/kernel-1.json", done.stderr)

    def test_connection_file_that_is_not_json_is_refused(self):
        done = self.start(self.write("{ this is not json"))
        self.assertEqual(done.returncode, 2)
        self.assertIn("connection file is not valid JSON", done.stderr)

    def test_connection_file_without_ports_is_refused_naming_them(self):
        done = self.start(self.write(json.dumps({"ip": "127.0.0.1", "transport": "tcp", "key": "k",
                                                 "signature_scheme": "hmac-sha256"})))
        self.assertEqual(done.returncode, 2)
        self.assertIn("shell_port missing or out of range", done.stderr)

    def test_no_arguments_prints_usage(self):
        done = self.start()
        self.assertEqual(done.returncode, 2)
        self.assertIn("usage: procbook-kernel CONNECTION_FILE", done.stderr)


class OrphanTest(unittest.TestCase):
    """A kernel whose front end is killed does not run on: it exits within seconds, its workers with it."""

    FRONT_END = textwrap.dedent("""\
        import sys, time
        from jupyter_client.manager import start_new_kernel
        km, kc = start_new_kernel(kernel_name="procbook")
        kc.execute_interactive("var pool = Pool.create(1); pool.submit(() -> 1).get()", timeout=60,
                               output_hook=lambda msg: None)
        print(km.provisioner.pid if hasattr(km, "provisioner") else km.kernel.pid, flush=True)
        kc.execute("while (true) { }")
        time.sleep(600)
        """)

    def test_kernel_and_its_workers_exit_when_the_front_end_is_killed(self):
        front = subprocess.Popen([sys.executable, "-c", self.FRONT_END], stdout=subprocess.PIPE, text=True)
        try:
            kernel_pid = int(front.stdout.readline())
            workers = [int(p) for p in subprocess.run(["pgrep", "-P", str(kernel_pid)], capture_output=True,
                                                      text=True).stdout.split()]
            self.assertTrue(workers, "the kernel should have a worker")
            time.sleep(0.5)
            front.send_signal(signal.SIGKILL)
            front.wait(10)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(os.path.exists("/proc/%d" % p)
                                                      for p in [kernel_pid] + workers):
                time.sleep(0.1)
            left = [p for p in [kernel_pid] + workers if os.path.exists("/proc/%d" % p)]
            for p in left:
                os.kill(p, signal.SIGKILL)
            self.assertEqual(left, [], "still running 10 s after the front end was killed")
            sockets = [d for d in os.listdir(tempfile.gettempdir()) if d.startswith("procbook-%d-" % kernel_pid)]
            runtime = os.environ.get("XDG_RUNTIME_DIR")
            if runtime and os.path.isdir(runtime):
                sockets += [d for d in os.listdir(runtime) if d.startswith("procbook-%d-" % kernel_pid)]
            self.assertEqual(sockets, [], "the kernel's socket directory was left behind")
        finally:
            if front.poll() is None:
                front.kill()


class SignatureAndRuntimeTest(KernelTestCase):

    def shell_socket(self):
        info = self.k.km.get_connection_info()
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.linger = 0
        sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
        self.addCleanup(sock.close)
        return sock

    def test_messages_with_a_wrong_signature_are_ignored(self):
        sock = self.shell_socket()
        Session(key=b"not-the-key").send(sock, "kernel_info_request", {})
        self.assertEqual(sock.poll(1500), 0, "the kernel answered a message signed with the wrong key")
        Session(key=self.k.km.session.key).send(sock, "kernel_info_request", {})
        self.assertNotEqual(sock.poll(10000), 0, "the kernel stopped answering after a badly signed message")
        self.assertEqual(self.k.execute("1 + 1").result["text/plain"], "2")

    def test_kernel_runs_on_the_requested_jdk(self):
        java = os.environ.get("PROCBOOK_JAVA", "java")
        version = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True,
                                 text=True).stderr
        expected = next(line.split("=")[1].strip() for line in version.splitlines()
                        if line.strip().startswith("java.version ="))
        self.k.kc.kernel_info()
        reply = self.k.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertTrue(reply["content"]["language_info"]["version"].startswith(expected.split("+")[0]),
                        reply["content"]["language_info"])

    def test_the_banner_says_expression_cells_take_the_pooled_compiler(self):
        # the jar's manifest exports javac's internals to the kernel: without them every cell would go to JShell,
        # correct but slow, and only the banner would tell
        self.k.kc.kernel_info()
        reply = self.k.kc.get_shell_msg(timeout=30)
        self.assertIn("one-expression cells by a pooled javac", reply["content"]["banner"])

    def test_message_dates_say_when_each_message_was_sent(self):
        # nbclient records a cell's timing in the notebook from these dates, and JupyterLab shows how long a cell ran
        # from them; jupyter_client reads a date as a datetime only when it is ISO 8601 down to the second
        before = datetime.now(timezone.utc)
        msg_id = self.k.kc.execute("Thread.sleep(300);")
        dates = {}
        while "idle" not in dates:
            msg = self.k.kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status":
                dates[msg["content"]["execution_state"]] = msg["header"]["date"]
        reply = self.k.kc.get_shell_msg(timeout=30)
        after = datetime.now(timezone.utc)
        busy, idle, replied = dates["busy"], dates["idle"], reply["header"]["date"]
        for date in (busy, idle, replied):
            self.assertIsInstance(date, datetime, "not an ISO 8601 date to the second: %r" % (date,))
        self.assertTrue(before <= busy <= replied <= after, (before, busy, replied, after))
        self.assertGreaterEqual(idle - busy, timedelta(milliseconds=300), (busy, idle))

    def test_a_cells_output_is_sent_before_its_reply_and_before_a_prompt(self):
        # iopub messages go out from a thread of their own (as in IPython); a reply or an input request must still
        # follow every output the cell made before it, or a front end shows the reply (or prompt) first
        cell = self.k.execute('for (int i = 0; i < 300; i++) System.out.println("line " + i); 42')
        self.assertEqual(cell.result["text/plain"], "42")
        replied = cell.reply["header"]["date"]
        for msg in cell.messages:
            self.assertLessEqual(msg["header"]["date"], replied, msg["msg_type"])
        msg_id = self.k.kc.execute('for (int i = 0; i < 300; i++) System.out.println("line " + i);'
                                   ' var said = input("ok? ");', allow_stdin=True)
        request = self.k.kc.get_stdin_msg(timeout=30)
        self.k.kc.input("yes")
        cell = self.k.collect(msg_id)
        self.assertEqual(cell.status, "ok", cell.error)
        printed = [m["header"]["date"] for m in cell.messages if m["msg_type"] == "stream"]
        self.assertTrue(printed, cell.messages)
        self.assertLessEqual(max(printed), request["header"]["date"], "an output went out after the prompt")

if __name__ == "__main__":
    unittest.main()
