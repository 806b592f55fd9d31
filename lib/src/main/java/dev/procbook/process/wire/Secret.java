package dev.procbook.process.wire;

import java.io.FileInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The random key shared by a parent process and its workers, with which each side of a connection proves it
 * belongs to the family (HMAC-SHA256 challenge and response).
 *
 * <p>A parent makes one key per process ({@link #processKey()}); a worker adopts its parent's key, read from its
 * standard input, with {@link #adopt(String)}. The key never appears on a command line or in a file.
 *
 * <p>HMAC is computed over {@link MessageDigest} (RFC 2104) rather than with {@code javax.crypto.Mac}: in a fresh
 * worker JVM, {@code Mac.getInstance} loads every security provider and parses the crypto policy files, about
 * 30 ms of every worker's start-up, while SHA-256 comes from the first provider.
 */
public final class Secret {

    private static final int BLOCK = 64;
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

    /** A new random key of 32 bytes, not this process's: the key of one manager, for instance. */
    public static Secret random() {
        return new Secret(randomBytes(32));
    }

    /**
     * The key given in hexadecimal, as {@link #toHex()} writes it, without making it this process's key.
     *
     * @throws IllegalArgumentException if {@code hex} is not an even-length hexadecimal string of at least 16 bytes
     */
    public static Secret fromHex(String hex) {
        byte[] k = HexFormat.of().parseHex(hex);
        if (k.length < 16) {
            throw new IllegalArgumentException("key too short: bytes=" + k.length);
        }
        return new Secret(k);
    }

    /** The key in hexadecimal, to hand to a child through its standard input. */
    public String toHex() {
        return HexFormat.of().formatHex(key);
    }

    /**
     * Random bytes from the kernel's generator, {@code /dev/urandom}, as Python's {@code os.urandom} reads them;
     * from {@link SecureRandom} where that cannot be read. Reading the device directly spares a fresh worker the
     * 5 ms of setting up a {@code SecureRandom} on its start path.
     */
    static byte[] randomBytes(int n) {
        try (FileInputStream in = new FileInputStream("/dev/urandom")) {
            byte[] b = in.readNBytes(n);
            if (b.length == n) {
                return b;
            }
        } catch (IOException e) {
            // not Linux, or no device: the JDK's generator below
        }
        byte[] b = new byte[n];
        Random.INSTANCE.nextBytes(b);
        return b;
    }

    /** Made on first use only: where {@code /dev/urandom} is readable, never. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** HMAC-SHA256 of {@code role} followed by {@code challenge}. */
    byte[] sign(byte role, byte[] challenge) {
        return hmacSha256(key, role, challenge);
    }

    static byte[] hmacSha256(byte[] key, byte role, byte[] message) {
        MessageDigest sha = sha256();
        byte[] k = key.length > BLOCK ? sha.digest(key) : key;
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        sha.update(inner);
        sha.update(role);
        byte[] innerHash = sha.digest(message);
        sha.update(outer);
        return sha.digest(innerHash);
    }

    /** The SHA-256 digest of {@code text} in UTF-8; for keys and names, not for proving a secret. */
    public static byte[] sha256(String text) {
        return sha256().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable: java.home=" + System.getProperty("java.home"), e);
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
