package dev.procbook.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcbookKernelMainTest {

    private static String problem(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> ProcbookKernelMain.readConnectionFile(args))
                .getMessage();
    }

    @Test
    void aConnectionFileMustExist(@TempDir Path dir) {
        assertTrue(problem(dir.resolve("none.json").toString()).startsWith("connection file not found: path="));
        assertTrue(problem().startsWith("usage: procbook-kernel CONNECTION_FILE"));
    }

    @Test
    void aConnectionFileMustBeJsonWithEveryPort(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "[1, 2");
        assertTrue(problem(bad.toString()).startsWith("connection file is not valid JSON"));
        Path partial = Files.writeString(dir.resolve("partial.json"), "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\","
                + " \"shell_port\": 5000, \"iopub_port\": 5001, \"stdin_port\": 70000, \"control_port\": 5003,"
                + " \"key\": \"k\", \"signature_scheme\": \"hmac-sha256\"}");
        String message = problem(partial.toString());
        assertTrue(message.contains("stdin_port missing or out of range: stdin_port=70000"), message);
        assertTrue(message.contains("hb_port missing or out of range: hb_port=0"), message);
    }

    @Test
    void aGoodConnectionFileIsRead(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("good.json"), "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\","
                + " \"shell_port\": 5000, \"iopub_port\": 5001, \"stdin_port\": 5002, \"control_port\": 5003,"
                + " \"hb_port\": 5004, \"key\": \"k\", \"signature_scheme\": \"hmac-sha256\"}");
        assertEquals(5004, ProcbookKernelMain.readConnectionFile(new String[]{good.toString()}).getHbPort());
    }
}
