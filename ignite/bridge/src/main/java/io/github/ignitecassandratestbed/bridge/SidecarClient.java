package io.github.ignitecassandratestbed.bridge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * The calls of every store of this JVM to one sidecar (one socket path): a bounded number in
 * flight, each with a deadline, over one multiplexed connection that is opened on first use and
 * opened again after the sidecar restarts.
 */
public final class SidecarClient {
    private static final Map<String, SidecarClient> CLIENTS = new ConcurrentHashMap<>();

    private final String socketPath;
    private final String clientName;
    private final int maxInFlight;
    private final long connectTimeoutMs;
    private final Semaphore inFlight;
    private final AtomicInteger ids = new AtomicInteger();
    private final Object connectLock = new Object();
    private volatile SidecarConnection conn;
    private final BridgeCounters counters = new BridgeCounters();
    private final Coalescer coalescer;

    private SidecarClient(String socketPath, String clientName, int maxInFlight, long connectTimeoutMs) {
        this.socketPath = socketPath;
        this.clientName = clientName;
        this.maxInFlight = maxInFlight;
        this.connectTimeoutMs = connectTimeoutMs;
        this.inFlight = new Semaphore(maxInFlight);
        this.coalescer = new Coalescer(this, socketPath, counters);
    }

    /** The shared client of a socket (the first caller's limits apply to all). */
    public static SidecarClient forSocket(String socketPath, String clientName, int maxInFlight, long connectTimeoutMs) {
        return CLIENTS.computeIfAbsent(socketPath, p -> new SidecarClient(p, clientName, maxInFlight, connectTimeoutMs));
    }

    public String socketPath() {
        return socketPath;
    }

    SidecarConnection connection() {
        SidecarConnection c = conn;
        if (c != null && c.isOpen()) return c;
        synchronized (connectLock) {
            c = conn;
            if (c != null && c.isOpen()) return c;
            // Room for every permitted request plus the credits of its streams.
            c = SidecarConnection.open(socketPath, clientName, maxInFlight * 4 + 16, connectTimeoutMs);
            conn = c;
            return c;
        }
    }

    private void acquire(long timeoutMs) {
        try {
            if (!inFlight.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new SidecarException("Timeout", maxInFlight + " calls to the sidecar at " + socketPath
                    + " were still in flight after " + timeoutMs + " ms (raise maxInFlight, or the sidecar is stuck)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("Interrupted", "interrupted while waiting for a free call slot", e);
        }
    }

    /**
     * One request, one response: OK and PARTIAL come back, ERROR is thrown.
     *
     * @param what the call in words, for messages ("load of cache people")
     */
    public Response call(byte op, Consumer<WireWriter> payload, long timeoutMs, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        acquire(timeoutMs);
        try {
            SidecarConnection c = connection();
            int id = nextId();
            WireWriter w = WireWriter.frame(op, id);
            payload.accept(w);
            byte[] frame = w.finish();
            Response r = c.await(id, c.submit(id, frame, w.size(), remaining(deadline)), remaining(deadline), what);
            if (r.status() == ST_ERROR) {
                WireReader rd = r.reader();
                String kind = rd.str();
                throw new SidecarException(kind, rd.str());
            }
            return r;
        } finally {
            inFlight.release();
        }
    }

    /**
     * A single-entry load, write or delete outside transactions, coalesced with the same calls of
     * other threads that queue meanwhile ({@link Coalescer}). These frames do not count against
     * {@code maxInFlight}: each cache and kind has at most {@code settings.framesInFlight()}.
     *
     * @param payload the entry as encoded after the cache name (and xid): key, then value for writes
     * @return the loaded wire value (loads), else null
     */
    Object coalesced(byte singleOp, String cache, Coalescer.Settings settings, byte[] payload, int keyLength,
        long timeoutMs, String what) {
        return coalescer.call(singleOp, cache, settings, payload, keyLength, timeoutMs, what);
    }

    /** Frames, entries per frame and queue time of coalesced calls so far. */
    public java.util.Map<String, Object> counters() {
        return counters.snapshot();
    }

    /** Opens a loadCache stream; the caller must close it. Holds one call slot until closed. */
    LoadCacheStream openStream(byte op, Consumer<WireWriter> payload, int window, long timeoutMs) {
        acquire(timeoutMs);
        boolean opened = false;
        try {
            SidecarConnection c = connection();
            int id = nextId();
            LoadCacheStream s = new LoadCacheStream(c, id, window, socketPath, inFlight::release);
            c.register(id, s);
            WireWriter w = WireWriter.frame(op, id);
            payload.accept(w);
            c.enqueue(id, w.finish(), w.size(), timeoutMs);
            opened = true;
            return s;
        } finally {
            if (!opened) inFlight.release();
        }
    }

    /** The sidecar instance the current connection talks to ("" before the first connection). */
    public String currentInstance() {
        SidecarConnection c = conn;
        return c == null ? "" : c.instance();
    }

    int nextId() {
        // Id 0 is the handshake's; wrap-around is harmless (ids only need to be unique among calls in flight).
        int id = ids.incrementAndGet();
        return id == 0 ? ids.incrementAndGet() : id;
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
