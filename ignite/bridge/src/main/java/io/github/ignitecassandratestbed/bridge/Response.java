package io.github.ignitecassandratestbed.bridge;

/**
 * One frame from the sidecar: its status, its body (a reader positioned after the header) and the
 * sidecar instance that sent it (from the connection's handshake).
 */
public record Response(byte status, byte[] frame, int bodyOffset, int end, String sidecarInstance) {
    /** A reader over the payload. */
    public WireReader reader() {
        return new WireReader(frame, bodyOffset, end);
    }
}
