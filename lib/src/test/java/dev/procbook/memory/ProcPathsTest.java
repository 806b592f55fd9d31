package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcPathsTest {

    @Test
    void everyPathLiesUnderTheConfiguredRootAsInProc() {
        ProcPaths paths = ProcPaths.at(Path.of("/fake"));
        assertEquals(Path.of("/fake/10/stat"), paths.stat(10));
        assertEquals(Path.of("/fake/10/task"), paths.tasks(10));
        assertEquals(Path.of("/fake/10/task/15/children"), paths.children(10, 15));
        assertEquals(Path.of("/fake/self/status"), paths.selfStatus());
        assertEquals(Path.of("/fake/sys/kernel/yama/ptrace_scope"), paths.yamaPtraceScope());
        assertEquals(Path.of("/proc/1/smaps_rollup"), ProcPaths.system().smapsRollup(1));
    }
}
