package dev.procbook.manager;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.InvocationHandlerAdapter;

/**
 * Generates, with Byte Buddy, the class of typed proxies of one interface or non-final class: every method that can be
 * overridden goes to the proxy's {@link ProxyInvocationHandler}, and the class implements {@link ManagedProxy} so that
 * a proxy travels as a {@link ProxyForm}. One class per proxied type, made on first use.
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

    private static Class<?> generate(Class<?> type) {
        check(type);
        ByteBuddy buddy = new ByteBuddy();
        DynamicType.Builder<?> builder = type.isInterface()
                ? buddy.subclass(Object.class).implement(type)
                : buddy.subclass(type, ConstructorStrategy.Default.NO_CONSTRUCTORS);
        boolean closedPackage = type.getName().startsWith("java.") || type.getName().startsWith("javax.");
        String name = (closedPackage ? "dev.procbook.manager.proxies." + type.getName() : type.getName())
                + "$ProcbookProxy";
        DynamicType.Unloaded<?> made = builder.name(name)
                .implement(ManagedProxy.class)
                .defineField(HANDLER, InvocationHandler.class, Visibility.PRIVATE)
                .method(not(isDeclaredBy(Object.class).and(not(named("toString").or(named("equals"))
                        .or(named("hashCode"))))))
                .intercept(InvocationHandlerAdapter.toField(HANDLER))
                .method(named(HANDLER).and(isDeclaredBy(ManagedProxy.class)))
                .intercept(FieldAccessor.ofField(HANDLER))
                .make();
        if (closedPackage) {
            return made.load(ProxyClasses.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
        }
        try {
            MethodHandles.Lookup beside = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            return made.load(type.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(beside)).getLoaded();
        } catch (IllegalAccessException e) {
            throw new NotProxyableException(Members.userName(type), "its package is not open to Procbook: " + e);
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
