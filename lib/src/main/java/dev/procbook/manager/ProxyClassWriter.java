package dev.procbook.manager;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.reflect.InvocationHandler;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.InvocationHandlerAdapter;

/**
 * Writes, with Byte Buddy, the bytes of a typed proxy's class: every method of the type that can be overridden goes
 * to the proxy's handler ({@link InvocationHandlerAdapter}, which caches each {@code Method} in a static field), and
 * {@link ManagedProxy}'s accessors reach the handler's field. The class refers to nothing of Byte Buddy's, so another
 * process can define the same bytes without loading Byte Buddy; only this class does.
 */
final class ProxyClassWriter {

    private ProxyClassWriter() {
    }

    /** The bytes of the proxy class of {@code type}, named {@code name}. */
    static byte[] write(Class<?> type, String name) {
        ByteBuddy buddy = new ByteBuddy();
        DynamicType.Builder<?> builder = type.isInterface()
                ? buddy.subclass(Object.class).implement(type)
                : buddy.subclass(type, ConstructorStrategy.Default.NO_CONSTRUCTORS);
        return builder.name(name)
                .implement(ManagedProxy.class)
                .defineField(ProxyClasses.HANDLER, InvocationHandler.class, Visibility.PRIVATE)
                .method(not(isDeclaredBy(Object.class).and(not(named("toString").or(named("equals"))
                        .or(named("hashCode"))))))
                .intercept(InvocationHandlerAdapter.toField(ProxyClasses.HANDLER))
                .method(named(ProxyClasses.HANDLER).and(isDeclaredBy(ManagedProxy.class)))
                .intercept(FieldAccessor.ofField(ProxyClasses.HANDLER))
                .make()
                .getBytes();
    }
}
