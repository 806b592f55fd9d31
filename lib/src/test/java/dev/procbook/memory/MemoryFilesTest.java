package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class MemoryFilesTest {

    static Sampling sampleSampling() {
        Table p = Sampling.emptyProcessTable();
        Table s = Sampling.emptySystemTable();
        for (int i = 0; i < 3; i++) {
            double t = i * 0.5;
            Sampling.append(p, t, measured(100, "java -jar kernel.jar", (i + 1) << 20));
            if (i > 0) {
                Sampling.append(p, t, measured(101, "/usr/bin/python3 -c \"print('x')\"", 2L << 20));
            }
            Sampling.append(s, t, new SystemMemory(8L << 30, (6L << 30) - i, 5L << 30, 1L << 30, 1L << 20, 3L << 20));
        }
        return new Sampling(p, s);
    }

    static MeasuredProcess measured(long pid, String command, long bytes) {
        ProcessMemory m = new ProcessMemory(pid, bytes * 2, bytes, bytes, 0, 0, bytes, 0,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        return new MeasuredProcess(new ProcessEntry(pid, 1, 'S', command), m);
    }

    @Test
    void samplingSurvivesAJsonRoundTrip(@TempDir Path dir) {
        Sampling written = sampleSampling();
        Path file = dir.resolve("sampling.json");
        MemoryFiles.writeSampling(written, file);
        Sampling read = MemoryFiles.readSampling(file);
        assertEquals(written.processes().toString(), read.processes().toString());
        assertEquals(written.system().toString(), read.system().toString());
        assertEquals(List.of("time", "pid", "command", "rss", "pss", "uss", "swap"), read.processes().columnNames());
        assertEquals("/usr/bin/python3 -c \"print('x')\"", read.processes().stringColumn("command").get(2));
    }

    @Test
    void csvHasAHeaderAndOneLinePerRow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("system.csv");
        MemoryFiles.writeCsv(sampleSampling().system(), file);
        List<String> lines = Files.readAllLines(file);
        assertEquals("time,total,available,used,free,cached,buffers,shared", lines.get(0));
        assertEquals(4, lines.size());
        assertEquals(3, Table.read().csv(file.toString()).rowCount());
    }

    @Test
    void smemstatImportCanBeWrittenAsCsv(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smemstat.csv");
        MemoryFiles.writeCsv(SmemstatJson.read(SmemstatJsonTest.fixture("smemstat-periodic.json")), file);
        assertEquals("sample,pid,user,command,swap,uss,pss,rss", Files.readAllLines(file).get(0));
    }

    @Test
    void otherJsonIsNotASampling(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"format\":\"other\"}");
        assertThrows(ProcParseException.class, () -> MemoryFiles.readSampling(file));
    }
}
