package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Fixtures were written by the real smemstat 0.02.12 ({@code smemstat -q -l -o FILE -p PID 1 3}). */
class SmemstatJsonTest {

    static Path fixture(String name) {
        try {
            return Path.of(SmemstatJsonTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void periodicSamplesBecomeOneRowPerProcessPerSample() {
        Table t = SmemstatJson.read(fixture("smemstat-periodic.json"));
        assertEquals(3, t.rowCount());
        assertEquals(2, t.intColumn("sample").getInt(2));
        assertEquals(6263, t.longColumn("pid").getLong(0));
        assertEquals("/usr/bin/python3 /tmp/grow.py 1", t.stringColumn("command").get(0));
        assertEquals(8945664L, t.longColumn("uss").getLong(1));
        assertEquals(11015168L, t.longColumn("pss").getLong(1));
        assertEquals(14548992L, t.longColumn("rss").getLong(1));
        assertEquals("root", t.stringColumn("user").get(1));
    }

    @Test
    void snapshotBecomesSampleZero() {
        Table t = SmemstatJson.read(fixture("smemstat-snapshot.json"));
        assertEquals(1, t.rowCount());
        assertEquals(0, t.intColumn("sample").getInt(0));
        assertEquals(8688640L, t.longColumn("pss").getLong(0));
    }

    @Test
    void emptySamplesGiveNoRows() {
        assertEquals(0, SmemstatJson.read(fixture("smemstat-periodic-empty.json")).rowCount());
    }

    @Test
    void unescapedNewlinesInLongCommandsAreAccepted() {
        Table t = SmemstatJson.read(fixture("smemstat-periodic-multiline-command.json"));
        assertEquals(3, t.rowCount());
        assertEquals("/usr/bin/python3 -c \nimport time\nb=[]\nfor i in range(12):\n"
                + "    b.append(bytearray(1024*1024)); time.sleep(0.5)", t.stringColumn("command").get(0));
    }

    @Test
    void unescapedQuotesInCommandsAreAccepted() {
        String text = """
                {
                  "smemstat":{
                    "smem-per-process":[
                      {
                        "pid":6481,
                        "user":"root",
                        "command":"python3 -c print("a", {"k": 1})",
                        "swap":0,
                        "uss":188416,
                        "pss":500736,
                        "rss":1990656
                      }
                    ]
                  }
                }
                """;
        Table t = SmemstatJson.parse(text);
        assertEquals("python3 -c print(\"a\", {\"k\": 1})", t.stringColumn("command").get(0));
        assertEquals(500736L, t.longColumn("pss").getLong(0));
    }

    @Test
    void jsonOfAnotherToolIsRejected() {
        assertThrows(ProcParseException.class, () -> SmemstatJson.parse("{\"mem\":{\"total\":1}}"));
    }
}
