package dev.procbook.manager;

import dev.procbook.process.wire.UserClassLoaders;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds, in the manager, the methods and fields that proxies name: a typed proxy's method by its class, name and
 * descriptor; a namespace proxy's by name and the arguments it was given, as Python finds an attribute by name.
 * Each answer is remembered, so only the first call of a kind pays for reflection.
 */
final class Members {

    private static final Map<String, Method> TYPED = new ConcurrentHashMap<>();
    private static final Map<List<Object>, Method> BY_ARGUMENTS = new ConcurrentHashMap<>();
    private static final Map<List<Object>, Accessor> ACCESSORS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class, byte.class, Byte.class,
            char.class, Character.class, short.class, Short.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);
    /** For each primitive, those whose values it takes by widening (JLS 5.1.2). */
    private static final Map<Class<?>, List<Class<?>>> WIDENS_FROM = Map.of(
            short.class, List.of(byte.class), int.class, List.of(byte.class, short.class, char.class),
            long.class, List.of(byte.class, short.class, char.class, int.class),
            float.class, List.of(byte.class, short.class, char.class, int.class, long.class),
            double.class, List.of(byte.class, short.class, char.class, int.class, long.class, float.class));

    private Members() {
    }

    /** A field, or a getter and setter, found by name. */
    private record Accessor(Field field, Method getter, Method setter) {
    }

    /** A class's name as the user wrote it: {@code Counter}, not {@code REPL.$JShell$12$Counter}. */
    static String userName(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }

    /** The JVM descriptor of {@code m}, such as {@code (I)J}. */
    static String descriptor(Method m) {
        return MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    /**
     * The method {@code name} with {@code descriptor} declared by the class {@code owner}.
     *
     * @throws MemberAccessException if there is none
     */
    static Method typed(String owner, String name, String descriptor) {
        String key = owner + '#' + name + descriptor;
        Method m = TYPED.get(key);
        if (m == null) {
            m = findTyped(owner, name, descriptor);
            TYPED.put(key, m);
        }
        return m;
    }

    private static Method findTyped(String owner, String name, String descriptor) {
        Class<?> type;
        try {
            type = UserClassLoaders.resolve(owner);
        } catch (ClassNotFoundException e) {
            throw new MemberAccessException(owner, name, "class not found in the manager");
        }
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && descriptor(m).equals(descriptor)) {
                return accessible(m);
            }
        }
        throw new MemberAccessException(userName(type), name + descriptor, "no such method");
    }

    private static Method accessible(Method m) {
        try {
            m.setAccessible(true);
        } catch (RuntimeException e) {
            // a public method of a module's exported package is callable anyway
        }
        return m;
    }

    /**
     * The instance method {@code name} of {@code type} that takes {@code args}; the most specific one if several do.
     *
     * @throws MemberAccessException if none does
     */
    static Method forArguments(Class<?> type, String name, Object[] args) {
        List<Object> key = new ArrayList<>(args.length + 2);
        key.add(type);
        key.add(name);
        for (Object a : args) {
            key.add(a == null ? null : a.getClass());
        }
        Method m = BY_ARGUMENTS.get(key);
        if (m == null) {
            m = findForArguments(type, name, args);
            BY_ARGUMENTS.put(key, m);
        }
        return m;
    }

    private static Method findForArguments(Class<?> type, String name, Object[] args) {
        Method best = null;
        for (Method m : candidates(type, name)) {
            if (m.getParameterCount() == args.length && acceptsAll(m.getParameterTypes(), args)
                    && (best == null || moreSpecific(m, best))) {
                best = m;
            }
        }
        if (best == null) {
            throw new MemberAccessException(userName(type), name + argumentTypes(args),
                    "no method of that name takes these arguments");
        }
        return accessible(best);
    }

    private static List<Method> candidates(Class<?> type, String name) {
        List<Method> out = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())) {
                out.add(m);
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static String argumentTypes(Object[] args) {
        return Arrays.stream(args).map(a -> a == null ? "null" : userName(a.getClass()))
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    private static boolean acceptsAll(Class<?>[] params, Object[] args) {
        for (int i = 0; i < params.length; i++) {
            if (!accepts(params[i], args[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether reflection passes {@code arg} to a parameter of type {@code param}: unboxing and widening too. */
    static boolean accepts(Class<?> param, Object arg) {
        if (arg == null) {
            return !param.isPrimitive();
        }
        if (!param.isPrimitive()) {
            return param.isInstance(arg);
        }
        Class<?> given = primitiveOf(arg.getClass());
        return given == param || given != null && WIDENS_FROM.getOrDefault(param, List.of()).contains(given);
    }

    private static Class<?> primitiveOf(Class<?> box) {
        for (Map.Entry<Class<?>, Class<?>> e : BOXES.entrySet()) {
            if (e.getValue() == box) {
                return e.getKey();
            }
        }
        return null;
    }

    private static boolean moreSpecific(Method a, Method b) {
        Class<?>[] pa = a.getParameterTypes();
        Class<?>[] pb = b.getParameterTypes();
        for (int i = 0; i < pa.length; i++) {
            Class<?> x = pa[i].isPrimitive() ? BOXES.get(pa[i]) : pa[i];
            Class<?> y = pb[i].isPrimitive() ? BOXES.get(pb[i]) : pb[i];
            if (!y.isAssignableFrom(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of member {@code name} of {@code target}: its field, else the result of {@code name()},
     * {@code getName()} or {@code isName()}.
     *
     * @throws MemberAccessException if there is none of these
     */
    static Object get(Object target, String name) throws ReflectiveOperationException {
        Accessor a = accessor(target.getClass(), name);
        if (a.field() != null) {
            return a.field().get(target);
        }
        if (a.getter() != null) {
            return a.getter().invoke(target);
        }
        throw new MemberAccessException(userName(target.getClass()), name, "no field, no getter");
    }

    /**
     * Sets member {@code name} of {@code target}: its field, else through {@code setName(value)}.
     *
     * @throws MemberAccessException if there is neither, or the field is final
     */
    static void set(Object target, String name, Object value) throws ReflectiveOperationException {
        Accessor a = accessor(target.getClass(), name);
        if (a.field() != null) {
            if (Modifier.isFinal(a.field().getModifiers())) {
                throw new MemberAccessException(userName(target.getClass()), name, "field is final");
            }
            if (!accepts(a.field().getType(), value)) {
                throw new MemberAccessException(userName(target.getClass()), name, "field of type "
                        + a.field().getType().getName() + " cannot take "
                        + (value == null ? "null" : userName(value.getClass())));
            }
            a.field().set(target, value);
        } else if (a.setter() != null && accepts(a.setter().getParameterTypes()[0], value)) {
            a.setter().invoke(target, value);
        } else {
            throw new MemberAccessException(userName(target.getClass()), name, "no field, no setter taking "
                    + (value == null ? "null" : userName(value.getClass())));
        }
    }

    private static Accessor accessor(Class<?> type, String name) {
        return ACCESSORS.computeIfAbsent(List.of(type, name), k -> findAccessor(type, name));
    }

    private static Accessor findAccessor(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    return new Accessor(f, null, null);
                }
            } catch (NoSuchFieldException e) {
                // declared further up, or not a field
            }
        }
        String cap = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Method getter = null;
        Method setter = null;
        for (Method m : candidates(type, name)) {
            if (m.getParameterCount() == 0) {
                getter = m;
            }
        }
        for (String g : List.of("get" + cap, "is" + cap)) {
            for (Method m : candidates(type, g)) {
                if (getter == null && m.getParameterCount() == 0) {
                    getter = m;
                }
            }
        }
        for (Method m : candidates(type, "set" + cap)) {
            if (m.getParameterCount() == 1) {
                setter = m;
            }
        }
        return new Accessor(null, getter == null ? null : accessible(getter), setter == null ? null : accessible(setter));
    }
}
