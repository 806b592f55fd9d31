package dev.procbook.bench;

import dev.procbook.memory.ProcessMemoryReader;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.JShell;

/**
 * The floors under the kernel's and a worker's footprint: the PSS of a JVM that does nothing (as a worker is started,
 * with the same options) and of a JVM that has a JShell evaluate two snippets with its compiler (what the kernel is
 * built on), each alone on the machine. Prints the PSS in MiB.
 *
 * <p>usage: {@code java [worker options] -cp procbook-bench.jar dev.procbook.bench.FootprintFloor jvm|jshell}
 */
public final class FootprintFloor {

    private FootprintFloor() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("jshell")) {
            try (JShell shell = JShell.builder().executionEngine("local").build()) {
                shell.eval("int x = 1 + 1;");
                shell.eval("x * 2");
                report();
            }
        } else {
            report();
        }
    }

    private static void report() throws InterruptedException {
        System.gc();
        Thread.sleep(2000);
        long pss = new ProcessMemoryReader().read(ProcessHandle.current().pid()).pss();
        System.out.printf(Locale.ROOT, "%.2f%n", pss / 1048576.0);
    }
}
