package io.github.ignitecassandratestbed.bridge;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * The receiving end of one loadCache stream. The sidecar sends a chunk only while it holds a
 * credit, and the stream grants one credit per chunk it has handed to the caller, so at most
 * {@code window} chunks are ever buffered here; a sidecar that sends more breaks the protocol and
 * the stream fails.
 */
final class LoadCacheStream implements SidecarConnection.Pending, AutoCloseable {
    private final SidecarConnection conn;
    private final int id;
    private final String socketPath;
    /** Chunks, plus room for the terminal frame and a connection failure. */
    private final BlockingQueue<Object> queue;
    /** Gives the caller's call slot back, once. */
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean finished;

    LoadCacheStream(SidecarConnection conn, int id, int window, String socketPath, Runnable release) {
        this.conn = conn;
        this.id = id;
        this.socketPath = socketPath;
        this.queue = new ArrayBlockingQueue<>(window + 2);
        this.release = release;
    }

    int id() {
        return id;
    }

    @Override public boolean onFrame(Response r) {
        boolean last = r.status() != ST_CHUNK;
        if (!queue.offer(r)) {
            queue.clear();
            queue.offer(new SidecarException("ProtocolError", "the sidecar at " + socketPath
                + " sent more loadCache chunks than it had credits for"));
            return true;
        }
        return last;
    }

    @Override public void onClosed(SidecarException cause) {
        queue.offer(cause);
    }

    /**
     * The next frame: a CHUNK, END or ERROR response.
     *
     * @throws SidecarException when nothing arrives within {@code timeoutMs} or the connection broke
     */
    Response next(long timeoutMs) {
        Object item;
        try {
            item = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SidecarException("Interrupted", "interrupted while loading the cache", e);
        }
        if (item == null) {
            throw new SidecarException("Timeout", "the sidecar at " + socketPath + " sent no loadCache data for "
                + timeoutMs + " ms");
        }
        if (item instanceof SidecarException e) throw new SidecarException(e.kind(), e.getMessage(), e);
        Response r = (Response) item;
        if (r.status() != ST_CHUNK) finished = true;
        return r;
    }

    /** Lets the sidecar send one more chunk. */
    void credit(long timeoutMs) {
        WireWriter w = WireWriter.frame(OP_CREDIT, id).i32(1);
        conn.enqueue(id, w.finish(), w.size(), timeoutMs);
    }

    /** Stops the stream early (error or timeout on this side): the sidecar stops scanning. */
    @Override public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            if (!finished && conn.isOpen()) {
                conn.forget(id);
                WireWriter w = WireWriter.frame(OP_CANCEL, id);
                try {
                    conn.enqueue(id, w.finish(), w.size(), 1_000);
                } catch (SidecarException ignored) {
                    // The connection is going away: the sidecar drops the stream with it.
                }
            }
        } finally {
            release.run();
        }
    }
}
