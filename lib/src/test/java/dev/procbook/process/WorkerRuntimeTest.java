package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerRuntimeTest {

    /** The option is unknown to older updates, and a JVM given an unknown option does not start. */
    @ParameterizedTest
    @CsvSource({
        "17.0.8+7, 17, false",
        "17.0.9+9, 17, true",
        "17.0.21.1+1-LTS, 17, true",
        "18.0.2+9, 18, false",
        "21+35, 21, false",
        "21.0.1+12, 21, true",
        "22+36, 22, true",
        "25.0.3+9-LTS, 25, true"})
    void trimsTheNativeHeapFromTheUpdatesThatHaveTheOption(String version, int feature, boolean trims) {
        assertEquals(trims, new WorkerRuntime(Path.of("/jdk"), version, feature).trimsNativeHeap());
    }
}
