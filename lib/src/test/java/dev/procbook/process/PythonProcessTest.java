package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftovers.class)
class PythonProcessTest {

    @Test
    void linesGoBothWaysAndFinishReturnsEveryLine() {
        String code = """
                import sys
                print("started", sys.argv[1])
                print("noise")
                print("ready")
                print("got", sys.stdin.readline().strip())
                """;
        try (PythonProcess py = PythonProcess.start(code, "x")) {
            assertEquals("started x", py.readLine());
            assertEquals("ready", py.expect("ready"));
            py.send("hello");
            assertEquals(List.of("started x", "noise", "ready", "got hello"), py.finish());
        }
    }

    @Test
    void aFailingProgramReportsItsExitCodeAndStandardError() {
        try (PythonProcess py = PythonProcess.start("import sys; sys.exit('broken: ' + sys.argv[1])", "here")) {
            PythonFailedException e = assertThrows(PythonFailedException.class, py::finish);
            assertEquals(1, e.exitCode());
            assertTrue(e.getMessage().contains("broken: here"), e.getMessage());
        }
    }

    @Test
    void readingPastTheEndFailsInsteadOfReturningNull() {
        try (PythonProcess py = PythonProcess.start("print('only')")) {
            assertEquals("only", py.readLine());
            PythonFailedException e = assertThrows(PythonFailedException.class, py::readLine);
            assertEquals(0, e.exitCode());
        }
    }
}
