package dev.procbook.memory;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The memory of processes named by the part they play (the kernel, a manager, a pool's workers), read at one moment,
 * one row each: where a program's memory lives.
 * {@code MemoryByRole.of().add("kernel", ProcessHandle.current().pid()).addAll("worker", pool.pids()).measure("after")}
 */
public final class MemoryByRole {

    private static final double MIB = 1024 * 1024;

    private record Role(String name, long pid) {
    }

    private final List<Role> roles = new ArrayList<>();

    private MemoryByRole() {
    }

    /** An empty list of processes. */
    public static MemoryByRole of() {
        return new MemoryByRole();
    }

    /** Adds the process {@code pid} under {@code role}. */
    public MemoryByRole add(String role, long pid) {
        roles.add(new Role(role, pid));
        return this;
    }

    /** Adds each of {@code pids} under {@code role}, numbered from 1 when there are several. */
    public MemoryByRole addAll(String role, List<Long> pids) {
        for (int i = 0; i < pids.size(); i++) {
            add(pids.size() == 1 ? role : role + " " + (i + 1), pids.get(i));
        }
        return this;
    }

    /**
     * Reads every process now: role, pid, PSS, USS and RSS in MiB.
     *
     * @throws ProcessExitedException       if a process has exited (it is not read as zero)
     * @throws ProcessAccessDeniedException if one may not be read
     */
    public Table measure(String title) {
        Table t = Table.create(title, StringColumn.create("process"), LongColumn.create("pid"),
                DoubleColumn.create("pss_mib"), DoubleColumn.create("uss_mib"), DoubleColumn.create("rss_mib"));
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            for (Role r : roles) {
                ProcessMemory m = reader.read(r.pid());
                t.stringColumn("process").append(r.name());
                t.longColumn("pid").append(r.pid());
                t.doubleColumn("pss_mib").append(m.pss() / MIB);
                t.doubleColumn("uss_mib").append(m.uss() / MIB);
                t.doubleColumn("rss_mib").append(m.rss() / MIB);
            }
        }
        return t;
    }
}
