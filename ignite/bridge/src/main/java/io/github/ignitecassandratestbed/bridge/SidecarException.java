package io.github.ignitecassandratestbed.bridge;

/**
 * A store call the sidecar could not serve, or could not be delivered: the kind names the class of
 * failure (the sidecar's error class, or {@code Unavailable}, {@code Timeout}, {@code ProtocolError}),
 * the message says what happened in words a person can act on.
 */
public class SidecarException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    public SidecarException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SidecarException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The class of failure, e.g. {@code MappingError}, {@code Unavailable}, {@code Timeout}. */
    public String kind() {
        return kind;
    }

    /** The sidecar could not be reached or the connection broke: a retry may succeed once it is back. */
    public boolean isUnavailable() {
        return "Unavailable".equals(kind);
    }
}
