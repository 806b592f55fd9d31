"""Shared memory through the kernel: what a kernel killed with SIGKILL left in /dev/shm is gone after the next start."""
import os
import signal
import time
import unittest

from kernel_session import KernelSession


class KernelSharedMemoryTest(unittest.TestCase):

    def test_segments_and_frames_of_a_killed_kernel_are_reclaimed_by_the_next_start(self):
        segment = "procbook-kill9-segment-%d" % os.getpid()
        frame = "procbook-kill9-frame-%d" % os.getpid()
        first = KernelSession()
        try:
            cell = first.execute(
                'var s = SharedSegment.create("%s", 1 << 20);\n'
                'var f = SharedFrame.publish("%s", Table.create("t", LongColumn.create("x", 1000)));\n'
                'System.out.println(ProcessHandle.current().pid());' % (segment, frame))
            self.assertEqual(cell.status, "ok", cell.error)
            self.assertEqual(cell.stderr, "", "Arrow and Agrona start without warnings in the cell, on any JDK")
            pid = int(cell.stdout.strip())
            self.assertTrue(os.path.exists("/dev/shm/" + segment))
            self.assertTrue(os.path.exists("/dev/shm/" + frame))
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while first.km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            first.close()
        self.assertTrue(os.path.exists("/dev/shm/" + segment), "kill -9 unlinks nothing by itself")
        second = KernelSession()
        try:
            cell = second.execute('Files.exists(Path.of("/dev/shm/%s")) || Files.exists(Path.of("/dev/shm/%s"))'
                                  % (segment, frame))
            self.assertEqual(cell.status, "ok", cell.error)
            self.assertEqual(cell.result["text/plain"], "false")
        finally:
            second.close()
        self.assertFalse(os.path.exists("/dev/shm/" + segment))
        self.assertFalse(os.path.exists("/dev/shm/" + frame))


if __name__ == "__main__":
    unittest.main()
