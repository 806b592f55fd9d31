"""What Binder does to the repository, done here: a fresh clone of this repository's HEAD, its .binder/postBuild run as
repo2docker runs it, with Jupyter folders of its own (nothing read from or written to the user's), then the tour
executed with the kernelspec that postBuild installed. Uncommitted changes are not part of the clone, as on Binder.
What differs from Binder: java, mvn and jupyter here are this machine's, where Binder's come from conda."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
POSTBUILD_TIMEOUT = 1800  # a Maven build in a fresh clone on a small, busy machine
TOUR_TIMEOUT = 1800


def processes_mentioning(marker):
    """Pids of the processes whose command line contains `marker`."""
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/cmdline" % name, "rb") as f:
                    if marker.encode() in f.read():
                        pids.append(int(name))
            except OSError:
                pass  # it exited while we looked
    return pids


def run(command, cwd, env, timeout, marker):
    """Runs `command` as a process-group leader; kills the group, and the kernels whose command line names `marker`
    (they run in sessions of their own), should it outlive `timeout` or leave them behind."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        return process.returncode, output
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        raise AssertionError("%s did not finish within %d s:\n%s" % (command, timeout, output[-3000:]))
    finally:
        for pid in processes_mentioning(marker):
            for kill in (os.killpg, os.kill):
                try:
                    kill(pid, signal.SIGKILL)
                except OSError:
                    pass  # not a group leader, or gone already


class BinderStepsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory(prefix="procbook-binder-")
        work = cls.work.name
        cls.clone = os.path.join(work, "procbook")
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", ROOT, cls.clone], check=True)
        subprocess.run(["git", "-C", cls.clone, "checkout", "--quiet", "--detach", head], check=True)
        cls.jupyter = os.path.join(work, "jupyter")
        cls.env = {k: v for k, v in os.environ.items()
                   if not k.startswith("JUPYTER") and k not in ("PROCBOOK_PYTHON", "PROCBOOK_JAVA")}
        cls.env.update(JUPYTER_DATA_DIR=os.path.join(cls.jupyter, "data"),
                       JUPYTER_PATH=os.path.join(cls.jupyter, "path"),
                       JUPYTER_CONFIG_DIR=os.path.join(cls.jupyter, "config"),
                       JUPYTER_RUNTIME_DIR=os.path.join(cls.jupyter, "runtime"))
        cls.postbuild = run([os.path.join(cls.clone, ".binder", "postBuild")], cls.clone, cls.env,
                            POSTBUILD_TIMEOUT, cls.jupyter)

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()

    def kernelspecs(self):
        done = subprocess.run([sys.executable, "-m", "jupyter_client.kernelspecapp", "list", "--json"],
                              env=self.env, capture_output=True, text=True, timeout=120, check=True)
        return json.loads(done.stdout)["kernelspecs"]

    def test_binder_reads_environment_through_the_binder_link(self):
        self.assertTrue(os.path.islink(os.path.join(self.clone, ".binder")))
        self.assertEqual(os.readlink(os.path.join(self.clone, ".binder")), "environment")
        for name in ("apt.txt", "environment.yml", "postBuild"):
            self.assertTrue(os.path.isfile(os.path.join(self.clone, ".binder", name)), name)
        self.assertTrue(os.access(os.path.join(self.clone, ".binder", "postBuild"), os.X_OK))

    def test_postbuild_installs_the_kernel_into_the_fresh_jupyter_data_dir(self):
        code, output = self.postbuild
        self.assertEqual(code, 0, output[-3000:])
        spec = self.kernelspecs().get("procbook")
        self.assertIsNotNone(spec, "no procbook kernelspec after postBuild:\n" + output[-3000:])
        self.assertEqual(spec["resource_dir"], os.path.join(self.jupyter, "data", "kernels", "procbook"))
        self.assertEqual(spec["spec"]["display_name"], "Java (Procbook)")
        with open(os.path.join(self.clone, "kernel", "target", "procbook-kernel-0.1.0-SNAPSHOT-all.jar"), "rb") as f:
            built = f.read()
        with open(os.path.join(spec["resource_dir"], "procbook-kernel.jar"), "rb") as f:
            self.assertEqual(f.read(), built, "the kernelspec holds another jar than the one the clone built")

    def test_the_tour_runs_clean_with_the_installed_kernel(self):
        self.assertEqual(self.postbuild[0], 0, self.postbuild[1][-3000:])
        out = os.path.join(self.work.name, "reports")
        code, output = run([sys.executable, os.path.join(self.clone, "report", "workbook.py"), "--out", out,
                            os.path.join(self.clone, "notebooks", "00-tour.ipynb")],
                           self.clone, self.env, TOUR_TIMEOUT, self.jupyter)
        with open(os.path.join(out, "index.json")) as f:
            entry = json.load(f)[0]
        self.assertEqual(entry["problems"], [], output[-3000:])
        self.assertEqual(entry["status"], "ok")
        self.assertEqual(code, 0, output[-3000:])
        self.assertTrue(os.path.isfile(os.path.join(out, entry["report"])))


if __name__ == "__main__":
    unittest.main()
