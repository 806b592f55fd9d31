package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Drivers made one after another in one JVM, as a notebook re-running %spark makes them. */
@Timeout(180)
class DriverRestartIT {

    @Test
    void aSecondDriverLeavesNeitherItsFolderNorTheFirstOnesBehind() throws Exception {
        Set<String> before = driverFolders();
        SparkDriver first = SparkDriver.start("local[2]");
        assertEquals(List.of(2), first.pool().map(x -> x + 1, List.of(1)));
        try (SparkDriver second = SparkDriver.start("local[1]")) { // stops the first: one context per JVM
            assertEquals(List.of(3), second.pool().map(x -> x + 2, List.of(1)));
            assertEquals("stopped: local[1]", SparkDriver.stopActive());
            assertEquals("no Spark driver running", SparkDriver.stopActive());
        }
        first.close();
        assertEquals(before, driverFolders(), "driver folders left in the temporary folder");
    }

    private static Set<String> driverFolders() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("procbook-spark-driver-"))
                    .collect(Collectors.toSet());
        }
    }
}
