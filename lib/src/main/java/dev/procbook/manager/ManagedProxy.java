package dev.procbook.manager;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;

/**
 * Implemented by the classes of typed proxies that {@link Manager#create} generates; its methods are Procbook's
 * plumbing, named so that they cannot clash with the proxied type's. Use {@link Proxies} to close a proxy or to ask
 * whether an object is one.
 */
public interface ManagedProxy extends Serializable {

    /** The handler that forwards this proxy's calls. */
    InvocationHandler procbook$handler();

    /** Sets the handler, once, as the proxy is made. */
    void procbook$handler(InvocationHandler handler);

    /** What the proxy travels as to another process: its manager, the object's id and a reference for the copy. */
    Object writeReplace() throws ObjectStreamException;
}
