package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input fails at once with a message that names the thing and the problem. */
class SparkErrorsTest {

    @Test
    void malformedMasterUrlIsRefusedWithTheFormsAccepted() {
        MasterUrlException e = assertThrows(MasterUrlException.class, () -> SparkDriver.start("sprak://x:7077"));
        assertEquals("sprak://x:7077", e.url());
        assertTrue(e.getMessage().contains("spark://host:port"), e.getMessage());
        assertThrows(MasterUrlException.class, () -> MasterUrl.parse("local[0]"));
        assertThrows(MasterUrlException.class, () -> MasterUrl.parse("spark://host:99999"));
    }

    @Test
    void masterThatDoesNotAnswerIsNamedBeforeSparkWaitsForIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        String url = "spark://127.0.0.1:" + port;
        MasterUrlException e = assertThrows(MasterUrlException.class, () -> SparkDriver.start(url));
        assertTrue(e.getMessage().contains("master unreachable"), e.getMessage());
        assertTrue(e.getMessage().contains(url), e.getMessage());
    }

    @Test
    void missingOrEmptySparkHomeIsNamed(@TempDir Path dir) throws Exception {
        SparkHomeException missing = assertThrows(SparkHomeException.class, () -> SparkHome.at(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("no such folder"), missing.getMessage());
        SparkHomeException noJars = assertThrows(SparkHomeException.class, () -> SparkHome.at(dir));
        assertTrue(noJars.getMessage().contains("no jars folder"), noJars.getMessage());
        Files.createDirectories(dir.resolve("jars"));
        SparkHomeException noRelease = assertThrows(SparkHomeException.class, () -> SparkHome.at(dir));
        assertTrue(noRelease.getMessage().contains("no RELEASE file"), noRelease.getMessage());
        Files.writeString(dir.resolve("RELEASE"), "Spark");
        SparkHomeException noSpark = assertThrows(SparkHomeException.class, () -> SparkHome.at(dir));
        assertTrue(noSpark.getMessage().contains("no spark-core jar"), noSpark.getMessage());
    }

    @Test
    void classReferencesAreReadFromTheConstantPool() throws Exception {
        byte[] bytes;
        try (var in = SparkErrorsTest.class.getResourceAsStream("SparkErrorsTest.class")) {
            bytes = in.readAllBytes();
        }
        var names = CellClassFiles.references(bytes);
        assertTrue(names.contains("dev.procbook.spark.MasterUrlException"), names.toString());
        assertTrue(names.contains("java.nio.file.Path"), names.toString());
    }
}
