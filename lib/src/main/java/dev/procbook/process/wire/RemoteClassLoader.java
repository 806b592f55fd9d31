package dev.procbook.process.wire;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A class loader, in a child process, that asks the parent's {@link ClassServer} for the bytes of classes its own
 * class path lacks, such as classes and lambdas defined in a notebook cell.
 *
 * <p>Delegation is parent first: the child's class path (the same as the parent's) wins; only what it lacks is
 * fetched, once, over one authenticated connection opened on first need.
 */
public final class RemoteClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Path address;
    private final Secret secret;
    private final Map<String, byte[]> fetched = new ConcurrentHashMap<>();
    private FramedChannel channel;

    /** Creates a loader that fetches from the hub at {@code address} proving {@code secret}. */
    public RemoteClassLoader(Path address, Secret secret, ClassLoader parent) {
        super("procbook-remote", parent);
        this.address = address;
        this.secret = secret;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = fetch(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        InputStream local = super.getResourceAsStream(name);
        if (local != null || !name.endsWith(".class")) {
            return local;
        }
        byte[] bytes = fetch(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    private byte[] fetch(String name) {
        byte[] cached = fetched.get(name);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = request(name);
        if (bytes != null) {
            fetched.put(name, bytes);
        }
        return bytes;
    }

    private synchronized byte[] request(String name) {
        try {
            if (channel == null) {
                channel = Hub.connect(address, secret, ClassServer.KIND);
            }
            channel.write(ClassServer.REQUEST, name.getBytes(StandardCharsets.UTF_8));
            channel.flush();
            Frame reply = channel.read();
            return reply.type() == ClassServer.FOUND ? reply.payload() : null;
        } catch (RuntimeException e) {
            if (channel != null) {
                channel.abort();
                channel = null;
            }
            return null;
        }
    }
}
