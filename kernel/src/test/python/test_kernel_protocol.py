"""Start-up, message signatures and the JDK the kernel runs on, checked against the installed kernelspec."""
import json
import os
import subprocess
import tempfile
import unittest

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


if __name__ == "__main__":
    unittest.main()
