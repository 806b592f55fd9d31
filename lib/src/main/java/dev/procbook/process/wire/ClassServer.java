package dev.procbook.process.wire;

import java.nio.charset.StandardCharsets;

/**
 * Serves class bytes to children of this process: a child's {@link RemoteClassLoader} asks by binary name, and
 * the answer comes from {@link UserClassLoaders#classBytes(String)}.
 *
 * <p>Protocol on a hub connection of purpose {@code "classes"}: the child sends frames of type {@link #REQUEST}
 * holding the UTF-8 binary name; the server answers each with {@link #FOUND} and the bytes, or {@link #MISSING}.
 */
public final class ClassServer {

    /** Purpose kind under which the hub routes class requests. */
    public static final String KIND = "classes";
    static final byte REQUEST = 1;
    static final byte FOUND = 2;
    static final byte MISSING = 3;

    private ClassServer() {
    }

    /** Answers the class requests of one child until it closes the connection; the {@link Wiring} registers it. */
    static void serve(String argument, FramedChannel ch) {
        try (ch) {
            while (true) {
                Frame f = ch.read();
                if (f.type() != REQUEST) {
                    return;
                }
                byte[] bytes = UserClassLoaders.classBytes(new String(f.payload(), StandardCharsets.UTF_8));
                if (bytes == null) {
                    ch.write(MISSING, new byte[0]);
                } else {
                    ch.write(FOUND, bytes);
                }
                ch.flush();
            }
        } catch (ChannelClosedException e) {
            // the child is done or gone
        }
    }
}
