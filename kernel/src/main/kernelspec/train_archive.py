"""Makes the kernel's class-data archive for one java runtime, the one launch.sh would run (PROCBOOK_JAVA, else
JAVA_HOME's, else java on PATH): a dynamic AppCDS archive before JDK 25, an AOT cache from 25 on.

It starts this kernelspec's kernel in training mode (PROCBOOK_TRAIN_ARCHIVE=1, which launch.sh reads), runs a few
everyday cells and a completion through the Jupyter protocol, and shuts the kernel down: its JVM writes what it
loaded at exit. The archive is put in place only if that JVM exited cleanly and the file is one; a kernel started
then must map its own classes from it, else the archive is removed. Without an archive the kernel starts as before.

usage: python3 train_archive.py [KERNELSPEC_DIR]    (default: the folder this file is in)
Prints one line: what was made and the start it measured, or why there is no archive; exits 1 in the latter case.
"""
import glob
import os
import sys
import tempfile
import time

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

CELLS = [
    "1 + 1",
    "var x = 3;",
    "x * 2",
    'System.out.println("x is " + x);',
    "int twice(int n) { return 2 * n; }",
    "twice(x)",
    "record Point(int x, int y) { }",
    "new Point(1, 2)",
    "List.of(1, 2, 3).stream().mapToInt(i -> i).sum()",
    "Integer.parseInt(\"not a number\")",
    "undefinedName + 1",
]

MAGICS = {0xF00BABA8: ".jsa", 0xF00BABA2: ".aot"}  # dynamic archive, AOT cache (little-endian in the file)


def kernel_manager(spec_dir):
    specs = KernelSpecManager(kernel_dirs=[os.path.dirname(spec_dir)])
    km = KernelManager(kernel_name=os.path.basename(spec_dir), kernel_spec_manager=specs)
    km.shutdown_wait_time = 180  # a JDK 25 JVM assembles its AOT cache at exit, in a child JVM: seconds
    return km


def run_session(spec_dir):
    """A training kernel's session; returns the JVM's exit status."""
    km = kernel_manager(spec_dir)
    km.start_kernel(env=dict(os.environ, PROCBOOK_TRAIN_ARCHIVE="1"))
    process = km.provisioner.process
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        for code in CELLS:
            kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
        kc.complete("Str", 3, reply=True, timeout=60)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return process.wait(timeout=180)


def magic_of(path):
    with open(path, "rb") as f:
        return int.from_bytes(f.read(4), "little")


def maps_its_classes(spec_dir):
    """Starts the kernel as a user would; returns (seconds to its kernel_info_reply, whether its own main class came
    from the archive). The JVM's class-loading log, to a file, says where each class came from."""
    with tempfile.TemporaryDirectory(prefix="procbook-archive-") as tmp:
        log = os.path.join(tmp, "classes.log")
        opts = (os.environ.get("PROCBOOK_JAVA_OPTS", "") + " -Xlog:class+load=info:file=" + log).strip()
        km = kernel_manager(spec_dir)
        start = time.perf_counter()
        km.start_kernel(env=dict(os.environ, PROCBOOK_JAVA_OPTS=opts))
        kc = km.client()
        kc.start_channels()
        try:
            kc.kernel_info(reply=True, timeout=120)
            seconds = time.perf_counter() - start
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        with open(log, encoding="utf-8", errors="replace") as f:
            mapped = any(line.startswith("dev.procbook.kernel.ProcbookKernelMain ")
                         and "shared objects file" in line for line in (entry.split("] ", 1)[-1] for entry in f))
    return seconds, mapped


def main():
    spec_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
    if not os.path.isfile(os.path.join(spec_dir, "launch.sh")):
        sys.exit("train_archive: not a Procbook kernelspec (no launch.sh): %s" % spec_dir)
    for stale in glob.glob(os.path.join(spec_dir, "archive-*.training")):
        os.remove(stale)
    status = run_session(spec_dir)
    made = glob.glob(os.path.join(spec_dir, "archive-*.training"))
    if status != 0 or len(made) != 1:
        for path in made:
            os.remove(path)
        print("no class-data archive: the training kernel exited with status %s and wrote %d archives"
              % (status, len(made)))
        return 1
    training = made[0]
    archive = training[:-len(".training")]
    if MAGICS.get(magic_of(training)) != os.path.splitext(archive)[1]:
        os.remove(training)
        print("no class-data archive: %s is not a %s archive" % (training, os.path.splitext(archive)[1]))
        return 1
    os.replace(training, archive)
    seconds, mapped = maps_its_classes(spec_dir)
    if not mapped:
        os.remove(archive)
        print("no class-data archive: a kernel started with %s did not map its classes from it" % archive)
        return 1
    print("class-data archive %s (%.0f MB): the kernel answered kernel_info %.2f s after its launch"
          % (archive, os.path.getsize(archive) / 1e6, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
