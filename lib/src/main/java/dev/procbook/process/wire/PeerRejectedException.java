package dev.procbook.process.wire;

/** Thrown when a peer fails to prove that it holds the shared secret, so nothing it sends is read. */
public class PeerRejectedException extends RuntimeException {

    private final String address;

    /** Creates the exception for the socket at {@code address}, saying why in {@code reason}. */
    public PeerRejectedException(String address, String reason) {
        super("peer rejected: address=" + address + ", reason=" + reason);
        this.address = address;
    }

    /** The socket address at which the handshake failed. */
    public String address() {
        return address;
    }
}
