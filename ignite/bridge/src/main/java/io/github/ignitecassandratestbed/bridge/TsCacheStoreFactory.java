package io.github.ignitecassandratestbed.bridge;

import javax.cache.configuration.Factory;

/**
 * Creates {@link TsCacheStore}s; configured in Spring XML (ignite/cache-config.ts renders it).
 * Every node talks to its own sidecar: the socket path is read on the node, from the system
 * property {@link #setSocketPathProperty named here}, unless {@link #setSocketPath} fixes it (one
 * node only: Ignite may hand a cache's configuration from one node to another).
 */
public class TsCacheStoreFactory implements Factory<TsCacheStore> {
    private static final long serialVersionUID = 1L;

    /** The system property each node's JVM is started with (the local harness sets it). */
    public static final String DEFAULT_SOCKET_PROPERTY = "testbed.sidecar.socket";

    private String socketPath;
    private String socketPathProperty = DEFAULT_SOCKET_PROPERTY;
    private long callTimeoutMs = 30_000;
    private long connectTimeoutMs = 5_000;
    private int maxInFlight = 256;
    private int loadCacheChunkEntries = 512;
    private int loadCacheWindowChunks = 4;
    private long loadCacheIdleTimeoutMs = 120_000;
    private boolean coalesce = true;
    private int maxCoalesce = 64;
    private long coalesceLingerMicros = 0;
    private int coalesceFramesInFlight = 1;
    private long coalesceStallMicros = 20_000;

    /** Settings a store runs with, resolved on the node. */
    public record Settings(String socketPath, long callTimeoutMs, long connectTimeoutMs, int maxInFlight,
        int loadCacheChunkEntries, int loadCacheWindowChunks, long loadCacheIdleTimeoutMs, boolean coalesce,
        int maxCoalesce, long coalesceLingerMicros, int coalesceFramesInFlight, long coalesceStallMicros) {
        /** Today's defaults for everything but the socket (tools and benchmarks). */
        public static Settings defaults(String socketPath) {
            return new TsCacheStoreFactory().settings(socketPath);
        }

        Coalescer.Settings coalescing() {
            return new Coalescer.Settings(maxCoalesce, coalesceLingerMicros, coalesceFramesInFlight, coalesceStallMicros);
        }
    }

    @Override public TsCacheStore create() {
        String path = socketPath;
        if (path == null || path.isBlank()) {
            path = System.getProperty(socketPathProperty);
            if (path == null || path.isBlank()) {
                throw new IllegalStateException("TsCacheStoreFactory: no sidecar socket: neither the socketPath "
                    + "property nor the system property -D" + socketPathProperty + "=<path> is set on this node. "
                    + "Start the node with that property (the local harness does), or set socketPath.");
            }
        }
        return new TsCacheStore(settings(path));
    }

    Settings settings(String path) {
        return new Settings(path, callTimeoutMs, connectTimeoutMs, maxInFlight, loadCacheChunkEntries,
            loadCacheWindowChunks, loadCacheIdleTimeoutMs, coalesce, maxCoalesce, coalesceLingerMicros,
            coalesceFramesInFlight, coalesceStallMicros);
    }

    private static long positive(String name, long v) {
        if (v <= 0) throw new IllegalArgumentException("TsCacheStoreFactory." + name + " must be positive, got " + v);
        return v;
    }

    /** A fixed socket path (single node); by default each node reads its own from a system property. */
    public void setSocketPath(String socketPath) {
        this.socketPath = socketPath;
    }

    public String getSocketPath() {
        return socketPath;
    }

    /** The system property holding the node's sidecar socket path. Default {@value #DEFAULT_SOCKET_PROPERTY}. */
    public void setSocketPathProperty(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("TsCacheStoreFactory.socketPathProperty is empty");
        this.socketPathProperty = name;
    }

    public String getSocketPathProperty() {
        return socketPathProperty;
    }

    /** Deadline of each store call (load, write, ...). Default 30000. */
    public void setCallTimeoutMs(long ms) {
        this.callTimeoutMs = positive("callTimeoutMs", ms);
    }

    public long getCallTimeoutMs() {
        return callTimeoutMs;
    }

    /** Deadline of the handshake after (re)connecting. Default 5000. */
    public void setConnectTimeoutMs(long ms) {
        this.connectTimeoutMs = positive("connectTimeoutMs", ms);
    }

    public long getConnectTimeoutMs() {
        return connectTimeoutMs;
    }

    /** Calls in flight to the sidecar per JVM; more wait (within their deadline). Default 256. */
    public void setMaxInFlight(int n) {
        this.maxInFlight = (int) positive("maxInFlight", n);
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    /** Entries per loadCache chunk. Default 512. */
    public void setLoadCacheChunkEntries(int n) {
        this.loadCacheChunkEntries = (int) positive("loadCacheChunkEntries", n);
    }

    public int getLoadCacheChunkEntries() {
        return loadCacheChunkEntries;
    }

    /** loadCache chunks buffered on the node at most (the sidecar's credit window). Default 4. */
    public void setLoadCacheWindowChunks(int n) {
        this.loadCacheWindowChunks = (int) positive("loadCacheWindowChunks", n);
    }

    public int getLoadCacheWindowChunks() {
        return loadCacheWindowChunks;
    }

    /** Longest wait for the next loadCache chunk. Default 120000. */
    public void setLoadCacheIdleTimeoutMs(long ms) {
        this.loadCacheIdleTimeoutMs = positive("loadCacheIdleTimeoutMs", ms);
    }

    public long getLoadCacheIdleTimeoutMs() {
        return loadCacheIdleTimeoutMs;
    }

    /**
     * Coalesce concurrent single-entry load/write/delete calls (outside transactions) that queue
     * while a frame of the same cache and kind is in flight into one multi-entry frame. Default true.
     */
    public void setCoalesce(boolean coalesce) {
        this.coalesce = coalesce;
    }

    public boolean isCoalesce() {
        return coalesce;
    }

    /** Most entries in one coalesced frame. Default 64. */
    public void setMaxCoalesce(int n) {
        this.maxCoalesce = (int) positive("maxCoalesce", n);
    }

    public int getMaxCoalesce() {
        return maxCoalesce;
    }

    /**
     * How long a call that could leave at once waits for others to join its frame, in
     * microseconds. Default 0: a lone call never waits; only calls that queue anyway coalesce.
     */
    public void setCoalesceLingerMicros(long micros) {
        if (micros < 0 || micros > 100_000) {
            throw new IllegalArgumentException("TsCacheStoreFactory.coalesceLingerMicros must be 0 … 100000, got " + micros);
        }
        this.coalesceLingerMicros = micros;
    }

    public long getCoalesceLingerMicros() {
        return coalesceLingerMicros;
    }

    /** Frames of one cache and kind at the sidecar at once; later calls queue and coalesce. Default 1. */
    public void setCoalesceFramesInFlight(int n) {
        this.coalesceFramesInFlight = (int) positive("coalesceFramesInFlight", n);
    }

    public int getCoalesceFramesInFlight() {
        return coalesceFramesInFlight;
    }

    /**
     * When no frame of a cache and kind was answered for this long (a slow store call: a table
     * being created, retries with backoff), calls queued behind it leave in an extra frame (at most
     * 4 × coalesceFramesInFlight extra). Default 20000 (20 ms).
     */
    public void setCoalesceStallMicros(long micros) {
        this.coalesceStallMicros = positive("coalesceStallMicros", micros);
    }

    public long getCoalesceStallMicros() {
        return coalesceStallMicros;
    }
}
