package dev.procbook.process.wire;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The random key shared by a parent process and its workers, with which each side of a connection proves it
 * belongs to the family (HMAC-SHA256 challenge and response).
 *
 * <p>A parent makes one key per process ({@link #processKey()}); a worker adopts its parent's key, read from its
 * standard input, with {@link #adopt(String)}. The key never appears on a command line or in a file.
 */
public final class Secret {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile Secret process;

    private final byte[] key;

    private Secret(byte[] key) {
        this.key = key.clone();
    }

    /** The key of this process: adopted from the parent, or made at random on first use. */
    public static Secret processKey() {
        Secret s = process;
        if (s == null) {
            synchronized (Secret.class) {
                if (process == null) {
                    process = new Secret(randomBytes(32));
                }
                s = process;
            }
        }
        return s;
    }

    /**
     * Makes the key given in hexadecimal this process's key; a worker calls it before anything else.
     *
     * @throws IllegalArgumentException if {@code hex} is not an even-length hexadecimal string of at least 16 bytes
     */
    public static Secret adopt(String hex) {
        byte[] k = HexFormat.of().parseHex(hex);
        if (k.length < 16) {
            throw new IllegalArgumentException("key too short: bytes=" + k.length);
        }
        synchronized (Secret.class) {
            process = new Secret(k);
            return process;
        }
    }

    /** A key that is not this process's, for tests of strangers. */
    static Secret fromBytes(byte[] key) {
        return new Secret(key);
    }

    /** The key in hexadecimal, to hand to a child through its standard input. */
    public String toHex() {
        return HexFormat.of().formatHex(key);
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    byte[] sign(byte role, byte[] challenge) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(role);
            return mac.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable: provider=" + Mac.class.getName(), e);
        }
    }

    boolean verify(byte role, byte[] challenge, byte[] response) {
        return MessageDigest.isEqual(sign(role, challenge), response);
    }

    @Override
    public String toString() {
        return "Secret[hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(key, s.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }
}
