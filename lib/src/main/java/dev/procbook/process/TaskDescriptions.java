package dev.procbook.process;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/** Short, readable names for user functions in exception messages: {@code Cell1.lambda$run$0} for a lambda. */
final class TaskDescriptions {

    private TaskDescriptions() {
    }

    static String describe(Object function) {
        Class<?> c = function.getClass();
        if (c.isSynthetic() || c.getName().contains("$$Lambda")) {
            try {
                Method m = c.getDeclaredMethod("writeReplace");
                m.setAccessible(true);
                if (m.invoke(function) instanceof SerializedLambda l) {
                    return l.getImplClass().replace('/', '.') + "." + l.getImplMethodName();
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return c.getName();
            }
        }
        return c.getName();
    }
}
