package dev.procbook.process.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Mutual challenge and response on a fresh channel: each side proves it holds the {@link Secret} before the
 * other reads anything more from it; then the client names the purpose of the connection.
 *
 * <p>Only these short frames, of bounded length, are read before the peer is proven; nothing is deserialized.
 */
public final class Handshake {

    private static final byte CHALLENGE = 1;
    private static final byte RESPONSE = 2;
    private static final byte ACCEPT = 3;
    private static final byte REJECT = 4;
    private static final byte PURPOSE = 5;
    private static final byte CLIENT = 'C';
    private static final byte SERVER = 'S';
    private static final int NONCE = 32;
    private static final int MAX = 1024;
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    private Handshake() {
    }

    /**
     * Proves this side to a server and the server to this side, then sends {@code purpose}.
     *
     * @throws PeerRejectedException if either side fails the proof or the server does not answer in time
     */
    public static void asClient(FramedChannel ch, Secret secret, String purpose) {
        byte[] challenge = expect(ch, CHALLENGE).payload();
        byte[] nonce = Secret.randomBytes(NONCE);
        byte[] mac = secret.sign(CLIENT, challenge);
        byte[] response = Arrays.copyOf(mac, mac.length + NONCE);
        System.arraycopy(nonce, 0, response, mac.length, NONCE);
        ch.write(RESPONSE, response);
        ch.flush();
        Frame answer = expect(ch, ACCEPT);
        if (!secret.verify(SERVER, nonce, answer.payload())) {
            throw new PeerRejectedException(ch.name(), "server failed the challenge");
        }
        ch.write(PURPOSE, purpose.getBytes(StandardCharsets.UTF_8));
        ch.flush();
    }

    /**
     * Challenges a client, proves this side, and returns the purpose the client names.
     *
     * @throws PeerRejectedException if the client fails the proof or does not answer in time
     */
    public static String asServer(FramedChannel ch, Secret secret) {
        byte[] challenge = Secret.randomBytes(NONCE);
        ch.write(CHALLENGE, challenge);
        ch.flush();
        byte[] response = expect(ch, RESPONSE).payload();
        int macLength = response.length - NONCE;
        if (macLength <= 0 || !secret.verify(CLIENT, challenge, Arrays.copyOf(response, macLength))) {
            ch.write(REJECT, new byte[0]);
            ch.flush();
            throw new PeerRejectedException(ch.name(), "client failed the challenge");
        }
        ch.write(ACCEPT, secret.sign(SERVER, Arrays.copyOfRange(response, macLength, response.length)));
        ch.flush();
        return new String(expect(ch, PURPOSE).payload(), StandardCharsets.UTF_8);
    }

    private static Frame expect(FramedChannel ch, byte type) {
        Frame f;
        try {
            f = ch.read(TIMEOUT, MAX);
        } catch (ProtocolViolationException e) {
            throw new PeerRejectedException(ch.name(), "oversized handshake frame");
        }
        if (f == null) {
            throw new PeerRejectedException(ch.name(), "no answer within 10 s");
        }
        if (f.type() != type) {
            throw new PeerRejectedException(ch.name(), "unexpected frame type " + f.type());
        }
        return f;
    }
}
