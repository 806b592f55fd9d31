package dev.procbook.manager;

import dev.procbook.process.wire.UserClassLoaders;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the class of typed proxies of one interface or non-final class ({@link ProxyClassWriter} writes it with Byte
 * Buddy): every method that can be overridden goes to the proxy's {@link ProxyInvocationHandler}, and the class
 * implements {@link ManagedProxy} so that a proxy travels as a {@link ProxyForm}. One class per proxied type, made on
 * first use; a worker fetches the bytes its parent wrote, as it fetches the classes of cells.
 *
 * <p>The class is defined beside the type, in its package and class loader (a class of a notebook cell has
 * package-private methods, which only a class of the same runtime package can override), except for the JDK's types,
 * whose packages are closed: theirs live in a class loader of their own and forward the public and protected methods.
 * A proxy of a class is made without running any of the class's constructors, so a proxy of {@code Replica} does
 * not allocate a replica's state in the calling process.
 */
final class ProxyClasses {

    static final String HANDLER = "procbook$handler";

    /** Final methods of JDK classes the manager's family proxies, which cannot be forwarded and are left out. */
    private static final Map<Class<?>, Set<String>> UNFORWARDED =
            Map.of(Semaphore.class, Set.of("hasQueuedThreads", "getQueueLength"));

    private static final ClassValue<Maker> MAKERS = new ClassValue<>() {
        @Override
        protected Maker computeValue(Class<?> type) {
            return new Maker(generate(type));
        }
    };

    /** How many proxy classes this process wrote with Byte Buddy, rather than fetched from its parent. */
    static final AtomicInteger WRITTEN = new AtomicInteger();

    private ProxyClasses() {
    }

    /** Makes instances of one proxy class. */
    private static final class Maker {
        private final Constructor<?> constructor;

        Maker(Class<?> proxyClass) {
            constructor = proxyClass.getSuperclass() == Object.class ? defaultConstructor(proxyClass)
                    : serializationConstructor(proxyClass);
        }

        Object instantiate() {
            try {
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make proxy: class=" + constructor.getDeclaringClass(), e);
            }
        }
    }

    /**
     * A new proxy of {@code type} for the object {@code state} names; {@code state}'s reference is then released when
     * the proxy is collected.
     *
     * @throws NotProxyableException if {@code type} cannot be proxied
     */
    static <T> T newProxy(Class<T> type, ProxyState state) {
        Object proxy = MAKERS.get(type).instantiate();
        ((ManagedProxy) proxy).procbook$handler(new ProxyInvocationHandler(state));
        state.track(proxy);
        return type.cast(proxy);
    }

    /**
     * Checks that proxies of {@code type} can be made, before an object is made in the manager.
     *
     * @throws NotProxyableException if they cannot
     */
    static void check(Class<?> type) {
        String name = Members.userName(type);
        if (type.isPrimitive() || type.isArray() || type.isAnnotation()) {
            throw new NotProxyableException(name, "not a class or interface");
        }
        if (Modifier.isFinal(type.getModifiers())) {
            throw new NotProxyableException(name, "final class (records and enums are final); "
                    + "use manager.namespace(factory) for any object, or proxy an interface it implements");
        }
        if (type.isSealed() || type.isHidden()) {
            throw new NotProxyableException(name, type.isSealed() ? "sealed" : "hidden class");
        }
        if (type.isInterface()) {
            return;
        }
        List<String> finals = new ArrayList<>();
        Set<String> allowed = UNFORWARDED.getOrDefault(type, Set.of());
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                int mod = m.getModifiers();
                if (Modifier.isFinal(mod) && !Modifier.isStatic(mod) && !Modifier.isPrivate(mod)
                        && !m.isSynthetic() && !allowed.contains(m.getName())) {
                    finals.add(m.getName());
                }
            }
        }
        if (!finals.isEmpty()) {
            throw new NotProxyableException(name, "final methods cannot be forwarded: " + finals
                    + "; proxy an interface instead, or use manager.namespace(factory)");
        }
    }

    /**
     * The proxy class of {@code type}: its bytes fetched from the parent process when the parent made them (a worker
     * then defines them without loading Byte Buddy, some 28 MiB less of it), else written here and served to children.
     */
    private static Class<?> generate(Class<?> type) {
        check(type);
        boolean closedPackage = type.getName().startsWith("java.") || type.getName().startsWith("javax.");
        String name = (closedPackage ? "dev.procbook.manager.proxies." + type.getName() : type.getName())
                + "$ProcbookProxy";
        byte[] bytes = UserClassLoaders.classBytes(name);
        if (bytes == null) {
            bytes = ProxyClassWriter.write(type, name);
            WRITTEN.incrementAndGet();
            UserClassLoaders.serveGenerated(name, bytes);
        }
        if (closedPackage) {
            return new ProxyLoader().define(name, bytes);
        }
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).defineClass(bytes);
        } catch (IllegalAccessException e) {
            throw new NotProxyableException(Members.userName(type), "its package is not open to Procbook: " + e);
        } catch (LinkageError e) {
            // defined meanwhile by another thread of this process, or made before by a loader this one delegates to
            try {
                return Class.forName(name, false, type.getClassLoader());
            } catch (ClassNotFoundException missing) {
                throw e;
            }
        }
    }

    /** The loader of proxies of the JDK's types, whose packages are closed: one per proxy class. */
    private static final class ProxyLoader extends ClassLoader {
        ProxyLoader() {
            super("procbook-proxies", ProxyClasses.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    private static Constructor<?> defaultConstructor(Class<?> proxyClass) {
        try {
            Constructor<?> c = proxyClass.getDeclaredConstructor();
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("proxy class without constructor: class=" + proxyClass.getName(), e);
        }
    }

    /**
     * A constructor of the proxy class that runs only {@code Object}'s, as deserialization makes objects: through the
     * JDK's {@code sun.reflect.ReflectionFactory} (module jdk.unsupported), reached reflectively so that the build
     * needs no internal API.
     */
    private static Constructor<?> serializationConstructor(Class<?> proxyClass) {
        try {
            Class<?> factoryType = Class.forName("sun.reflect.ReflectionFactory");
            Object factory = factoryType.getMethod("getReflectionFactory").invoke(null);
            Constructor<?> c = (Constructor<?>) factoryType
                    .getMethod("newConstructorForSerialization", Class.class, Constructor.class)
                    .invoke(factory, proxyClass, Object.class.getDeclaredConstructor());
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot make proxies without a constructor: class="
                    + proxyClass.getName(), e);
        }
    }
}
