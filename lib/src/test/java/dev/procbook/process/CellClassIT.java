package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.CellSources;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Code compiled while the test runs, into a directory the workers' class path lacks, as a notebook cell's is. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class CellClassIT {

    private static final String SOURCE = """
            package cell;

            import dev.procbook.process.SerializableCallable;
            import dev.procbook.process.SerializableFunction;

            public class Cell1 implements SerializableCallable<String> {
                public record Pair(int a, String b) implements java.io.Serializable {
                }

                static class Helper {
                    int twice(int x) {
                        return 2 * x;
                    }
                }

                public String call() {
                    return "cell " + new Helper().twice(21);
                }

                public static SerializableFunction<Integer, Integer> squarePlus(int k) {
                    return x -> x * x + k;
                }
            }
            """;

    @Test
    void classAndLambdaCompiledAtTestTimeRunInPool(@TempDir Path dir) throws Exception {
        Path classes = compile(dir);
        assertThrows(ClassNotFoundException.class, () -> Class.forName("cell.Cell1"));
        try (URLClassLoader cellLoader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader());
             Pool pool = Pool.create(2)) {
            Class<?> cell = cellLoader.loadClass("cell.Cell1");
            @SuppressWarnings("unchecked")
            SerializableCallable<String> task =
                    (SerializableCallable<String>) cell.getDeclaredConstructor().newInstance();
            assertEquals("cell 42", pool.submit(task).get());
            @SuppressWarnings("unchecked")
            SerializableFunction<Integer, Integer> lambda =
                    (SerializableFunction<Integer, Integer>) cell.getMethod("squarePlus", int.class).invoke(null, 1);
            assertEquals(List.of(2, 5, 10), pool.map(lambda, List.of(1, 2, 3)));
        }
    }

    @Test
    void cellObjectsSentTwiceOverPipeAndQueueResolveInWorker(@TempDir Path dir) throws Exception {
        Path classes = compile(dir);
        try (URLClassLoader cellLoader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader());
             Pool pool = Pool.create(1); Pipe pipe = Pipe.open(false); Queue queue = Queue.open()) {
            Object cellObject = cellLoader.loadClass("cell.Cell1").getDeclaredConstructor().newInstance();
            Connection in = pipe.a();
            java.util.concurrent.CompletableFuture<String> there = pool.submit(() -> {
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < 2; i++) {
                    out.append(((SerializableCallable<?>) in.recv()).call()).append(';');
                    out.append(((SerializableCallable<?>) queue.get()).call()).append(';');
                    out.append(in.recv()).append(';').append(queue.get()).append(';');
                }
                return out.toString();
            });
            Object pair = cellLoader.loadClass("cell.Cell1$Pair").getDeclaredConstructor(int.class, String.class)
                    .newInstance(7, "x");
            for (int i = 0; i < 2; i++) {
                pipe.b().send(cellObject);
                queue.put(cellObject);
                pipe.b().send(pair);
                queue.put(pair);
            }
            pipe.b().flush();
            assertEquals("cell 42;cell 42;Pair[a=7, b=x];Pair[a=7, b=x];".repeat(2),
                    there.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void cellClassUnknownToEveryLoaderFailsTaskWithClassName(@TempDir Path dir) throws Exception {
        Path classes = compile(dir);
        try (Pool pool = Pool.create(1)) {
            Object task;
            try (URLClassLoader cellLoader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    getClass().getClassLoader())) {
                task = cellLoader.loadClass("cell.Cell1").getDeclaredConstructor().newInstance();
            }
            deleteTree(classes);
            @SuppressWarnings("unchecked")
            SerializableCallable<String> callable = (SerializableCallable<String>) task;
            Exception e = assertThrows(Exception.class, () -> pool.submit(callable).get());
            assertTrue(e.getCause().getMessage().contains("cell.Cell1"), e.getCause().getMessage());
        }
    }

    static Path compile(Path dir) throws Exception {
        return CellSources.compile(dir, Map.of("Cell1.java", SOURCE));
    }

    private static void deleteTree(Path p) throws Exception {
        try (var paths = Files.walk(p)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
