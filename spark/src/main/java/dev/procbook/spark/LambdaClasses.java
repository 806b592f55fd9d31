package dev.procbook.spark;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/** The classes a function's code lives in: its own, or for a lambda the class that made it and its arguments'. */
final class LambdaClasses {

    private LambdaClasses() {
    }

    static List<Class<?>> of(Object function) {
        List<Class<?>> out = new ArrayList<>();
        SerializedLambda lambda = serializedForm(function);
        if (lambda == null) {
            out.add(function.getClass());
            return out;
        }
        ClassLoader loader = function.getClass().getClassLoader();
        for (String name : List.of(lambda.getCapturingClass(), lambda.getImplClass())) {
            try {
                out.add(Class.forName(name.replace('/', '.'), false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // not a class this loader sees: nothing of it to publish
            }
        }
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            Object arg = lambda.getCapturedArg(i);
            if (arg != null) {
                out.addAll(of(arg));
            }
        }
        return out;
    }

    /** For messages: {@code lambda of $JShell$12} or the class's simple name. */
    static String describe(Object function) {
        SerializedLambda lambda = serializedForm(function);
        if (lambda == null) {
            return function.getClass().getSimpleName();
        }
        String capturing = lambda.getCapturingClass();
        return "lambda in " + capturing.substring(capturing.lastIndexOf('/') + 1);
    }

    private static SerializedLambda serializedForm(Object function) {
        if (!function.getClass().isSynthetic()) {
            return null;
        }
        try {
            Method writeReplace = function.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return writeReplace.invoke(function) instanceof SerializedLambda l ? l : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
