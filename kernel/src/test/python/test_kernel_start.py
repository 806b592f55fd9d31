"""How the installed kernel starts: with its classes mapped from the class-data archive that `./procbook install`
made for the runtime it runs on (launch.sh, train_archive.py), and, where that archive no longer fits, without it,
with nothing different for the user. Runs on whichever runtime PROCBOOK_JAVA names, as the other kernel tests."""
import os
import shutil
import tempfile
import unittest

from jupyter_client.kernelspec import KernelSpecManager

from kernel_session import KernelSession

# classes of the kernel's start, of JShell and of javac: each must be mapped for the archive to pay
START_CLASSES = ["dev.procbook.kernel.ProcbookKernelMain", "org.zeromq.ZMQ", "jdk.jshell.JShell",
                 "com.sun.tools.javac.main.JavaCompiler"]


def class_sources(log):
    """{class name: where the JVM's class-loading log says it came from} ("shared objects file" for an archive)."""
    sources = {}
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            entry = line.split("] ", 1)[-1].rstrip("\n")
            name, _, source = entry.partition(" source: ")
            sources.setdefault(name, source)
    return sources


class ArchiveTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="procbook-start-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def start(self, kernel_name):
        """A kernel whose JVM logs where each class came from; returns (session, log file, stderr file)."""
        log = os.path.join(self.tmp, kernel_name + "-classes.log")
        stderr = open(os.path.join(self.tmp, kernel_name + "-stderr.txt"), "w+")
        self.addCleanup(stderr.close)
        opts = (os.environ.get("PROCBOOK_JAVA_OPTS", "") + " -Xlog:class+load=info:file=" + log).strip()
        k = KernelSession(kernel_name, env=dict(os.environ, PROCBOOK_JAVA_OPTS=opts), stderr=stderr)
        self.addCleanup(k.close)
        return k, log, stderr

    def run_cells(self, k):
        k.execute("var greeting = \"hello\";")
        cell = k.execute('System.out.println(greeting + ", " + (1 + 1))')
        self.assertEqual((cell.status, cell.stdout, cell.stderr), ("ok", "hello, 2\n", ""))

    def test_the_installed_kernel_maps_its_classes_from_the_archive_made_for_its_runtime(self):
        k, log, _ = self.start("procbook")
        self.run_cells(k)
        k.close()  # the log is complete once the JVM is gone
        sources = class_sources(log)
        for name in START_CLASSES:
            self.assertIn("shared objects file", sources.get(name, "not loaded"),
                          "%s was not mapped from the kernel's archive: ./procbook install made none for this "
                          "runtime, or the JVM refused it" % name)

    def test_a_kernel_whose_archive_no_longer_fits_starts_without_it_and_says_nothing(self):
        installed = KernelSpecManager().get_kernel_spec("procbook").resource_dir
        moved = os.path.join(self.tmp, "share", "jupyter", "kernels", "procbook-moved")
        shutil.copytree(installed, moved)
        self.assertTrue([f for f in os.listdir(moved) if f.startswith("archive-")],
                        "the installed kernel has no archive: this test would prove nothing")
        # the archive records its jar's size and time: a jar changed since (here, touched) makes the JVM refuse it
        jar = os.path.join(moved, "procbook-kernel.jar")
        os.utime(jar, (os.stat(jar).st_atime, os.stat(jar).st_mtime + 60))
        old_path = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.path.join(self.tmp, "share", "jupyter") + os.pathsep + (old_path or "")
        self.addCleanup(lambda: os.environ.__setitem__("JUPYTER_PATH", old_path) if old_path is not None
                        else os.environ.pop("JUPYTER_PATH", None))
        k, log, stderr = self.start("procbook-moved")
        self.run_cells(k)
        k.close()
        self.assertTrue(class_sources(log).get(START_CLASSES[0], "").startswith("file:"),
                        "the moved kernel still mapped its classes: the test did not make the archive unfit")
        stderr.seek(0)
        self.assertEqual(stderr.read(), "", "the kernel said something about its archive")


if __name__ == "__main__":
    unittest.main()
