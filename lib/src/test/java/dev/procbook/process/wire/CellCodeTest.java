package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which top-level variables code from cells reads, found in its bytecode. */
class CellCodeTest {

    private static final String GLOBALS = """
            package cell;

            import dev.procbook.process.SerializableCallable;
            import dev.procbook.process.SerializableFunction;

            public class Globals {
                public static int factor = 3;
                public static int unused = 9;
                public static int viaMethod = 10;
                public static int viaNew = 20;
                public static int viaInit = 30;
                public static int viaObject = 40;
                public static final int CONSTANT = 5;
                public static Object notSerializable = new Object();
                public static SerializableFunction<Integer, Integer> stored = x -> x + viaMethod;

                static int scale(int x) {
                    return x + viaMethod;
                }

                public static SerializableFunction<Integer, Integer> direct() {
                    return x -> x * factor;
                }

                public static SerializableFunction<Integer, Integer> throughMethod() {
                    return x -> scale(x);
                }

                public static SerializableFunction<Integer, Integer> throughNew() {
                    return x -> new Helper().f(x);
                }

                public static SerializableFunction<Integer, Integer> throughInitializer() {
                    return x -> Init.VALUE + x;
                }

                public static SerializableFunction<Integer, Integer> throughInnerLambda() {
                    return x -> java.util.stream.Stream.of(x).map(y -> y + factor).findFirst().get();
                }

                public static SerializableFunction<Integer, Integer> throughStoredLambda() {
                    return x -> stored.apply(x);
                }

                public static SerializableFunction<Integer, Integer> constant() {
                    return x -> x + CONSTANT;
                }

                public static SerializableFunction<Integer, Object> unserializable() {
                    return x -> notSerializable;
                }

                public static SerializableCallable<Integer> object() {
                    return new Task();
                }
            }

            class Helper {
                int f(int x) {
                    return x + Globals.viaNew;
                }
            }

            class Init {
                static final int VALUE = Globals.viaInit * 2;
            }

            class Task implements SerializableCallable<Integer> {
                public Integer call() {
                    return other();
                }

                int other() {
                    return Globals.viaObject;
                }
            }
            """;

    private static CellSources.Loader loader;
    private static Class<?> globals;

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        loader = new CellSources.Loader(CellSources.compile(dir, Map.of("Globals.java", GLOBALS)));
        globals = loader.loadClass("cell.Globals");
        UserClassLoaders.register(loader);
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    private static Object make(String method) throws Exception {
        return globals.getMethod(method).invoke(null);
    }

    private static Set<String> reads(String method) throws Exception {
        Set<String> names = new TreeSet<>();
        for (Field f : TopLevelValues.of(make(method)).fields()) {
            names.add(f.getName());
        }
        return names;
    }

    @Test
    void aLambdaCarriesTheVariablesItReadsAndNoOthers() throws Exception {
        assertEquals(Set.of("factor"), reads("direct"));
        assertEquals(Set.of(), reads("constant"), "a constant is compiled in, a final field is set by its class");
    }

    @Test
    void readsAreFollowedThroughMethodsClassesInitializersAndInnerLambdas() throws Exception {
        assertEquals(Set.of("viaMethod"), reads("throughMethod"));
        assertEquals(Set.of("viaNew"), reads("throughNew"));
        assertEquals(Set.of("viaInit"), reads("throughInitializer"));
        assertEquals(Set.of("factor"), reads("throughInnerLambda"));
        assertEquals(Set.of("viaObject"), reads("object"));
    }

    @Test
    void aVariableHoldingCellCodeCarriesWhatThatCodeReadsToo() throws Exception {
        assertEquals(Set.of("stored", "viaMethod"), reads("throughStoredLambda"));
    }

    @Test
    void anEncodingStartsWithItsValuesAndDecodesWithoutTouchingTheOwnersVariables() throws Exception {
        Object function = make("direct");
        byte[] encoded = Codec.encode(function);
        assertEquals(Codec.VALUES, encoded[0]);
        globals.getField("factor").setInt(null, 99);
        @SuppressWarnings("unchecked")
        var back = (dev.procbook.process.SerializableFunction<Integer, Integer>) Codec.decode(encoded);
        assertEquals(99 * 2, back.apply(2), "values echoed back to their owner leave its variables alone");
        globals.getField("factor").setInt(null, 3);
        TopLevelValues values = TopLevelValues.of(function);
        assertSame(TopLevelValues.NONE, TopLevelValues.capture(values.fields(), values.fields()));
        assertTrue(Codec.encode(function, values)[0] != Codec.VALUES, "values sent apart are left out");
    }

    @Test
    void aValueThatCannotTravelIsNamedWithItsTypeAndCell() throws Exception {
        TopLevelValueException e = assertThrows(TopLevelValueException.class, () -> Codec.encode(make("unserializable")));
        assertEquals("notSerializable", e.variable());
        assertEquals("java.lang.Object", e.type());
        assertEquals("In [1]", e.cell());
        assertTrue(e.getMessage().contains("make Object Serializable (or a record), or pass the value as an argument"),
                e.getMessage());
    }
}
