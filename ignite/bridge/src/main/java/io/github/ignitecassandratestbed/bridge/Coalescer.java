package io.github.ignitecassandratestbed.bridge;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * Smart batching of independent single-entry store calls (load, write, delete outside
 * transactions). Calls of one cache and kind form a group; a group has at most
 * {@code framesInFlight} frames at the sidecar. A call that finds a free slot leaves at once, in
 * its own thread, alone (as today's single-entry frame) or with whatever queued before it; calls
 * that arrive while every slot is taken queue, and the answer of the frame in flight sends them
 * (up to {@code maxCoalesce} entries) as one multi-entry frame. So a lone call never waits, and
 * batches grow exactly as fast as calls queue up. Each caller gets its own outcome.
 *
 * <p>Two writes or deletes of the same key never travel in one frame (the later one waits for the
 * next), so their order is kept. Duplicate loads may share a frame; the sidecar reads the key once.
 */
final class Coalescer {
    /** How a cache's calls coalesce; {@code lingerMicros} delays a frame that is not full. */
    record Settings(int maxCoalesce, long lingerMicros, int framesInFlight, long stallMicros) {}

    /** Frames a group may have out beyond {@code framesInFlight} (per that number) when frames stall. */
    private static final int STALL_EXTRA_FACTOR = 4;

    /** A call waiting for (or holding) its place in a frame. */
    static final class Entry {
        static final int QUEUED = 0;
        static final int SENT = 1;
        static final int CANCELLED = 2;

        final byte[] payload;
        final int keyLength;
        final long enqueuedNanos = System.nanoTime();
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final CompletableFuture<Object> result = new CompletableFuture<>();
        volatile Batch batch;

        Entry(byte[] payload, int keyLength) {
            this.payload = payload;
            this.keyLength = keyLength;
        }
    }

    /** The calls of one cache and kind. */
    private final class Group {
        final byte singleOp;
        final byte multiOp;
        final String cache;
        final Settings settings;
        final ArrayDeque<Entry> queue = new ArrayDeque<>();
        int inFlight;
        /** When a frame of this group was last sent or answered. */
        long lastProgressNanos = System.nanoTime();

        Group(byte singleOp, byte multiOp, String cache, Settings settings) {
            this.singleOp = singleOp;
            this.multiOp = multiOp;
            this.cache = cache;
            this.settings = settings;
        }

        /** The next frame's entries (caller holds the lock); empty when nothing is queued. */
        List<Entry> take() {
            List<Entry> batch = new ArrayList<>(Math.min(queue.size(), settings.maxCoalesce()));
            Set<ByteBuffer> keys = singleOp == OP_LOAD ? null : new HashSet<>();
            Iterator<Entry> it = queue.iterator();
            while (it.hasNext() && batch.size() < settings.maxCoalesce()) {
                Entry e = it.next();
                if (e.state.get() == Entry.CANCELLED) {
                    it.remove();
                    continue;
                }
                // Same key written twice: the later write waits for the next frame (order kept).
                if (keys != null && !keys.add(ByteBuffer.wrap(e.payload, 0, e.keyLength))) break;
                if (!e.state.compareAndSet(Entry.QUEUED, Entry.SENT)) {
                    it.remove();
                    continue;
                }
                it.remove();
                batch.add(e);
            }
            return batch;
        }
    }

    /** One frame in flight: its entries and what the sidecar answered. */
    private final class Batch implements SidecarConnection.Pending {
        final Group group;
        final List<Entry> entries;
        final AtomicBoolean done = new AtomicBoolean();
        volatile SidecarConnection conn;
        volatile int id;

        Batch(Group group, List<Entry> entries) {
            this.group = group;
            this.entries = entries;
        }

        @Override public boolean onFrame(Response r) {
            if (!done.compareAndSet(false, true)) return true;
            try {
                settle(r);
            } catch (RuntimeException e) {
                SidecarException ex = e instanceof SidecarException s ? s
                    : new SidecarException("ProtocolError", "cannot read the sidecar's answer: " + e, e);
                for (Entry en : entries) en.result.completeExceptionally(ex);
            }
            frameDone(group);
            return true;
        }

        private void settle(Response r) {
            WireReader rd = r.reader();
            if (r.status() == ST_ERROR) {
                SidecarException ex = new SidecarException(rd.str(), rd.str());
                for (Entry e : entries) e.result.completeExceptionally(ex);
                return;
            }
            if (r.status() != ST_OK) {
                throw new SidecarException("ProtocolError", "unexpected status " + r.status() + " for a store call");
            }
            boolean load = group.singleOp == OP_LOAD;
            if (entries.size() == 1) {
                // Today's single-entry answer.
                entries.get(0).result.complete(load ? rd.value() : null);
                return;
            }
            Object[] outcomes = outcomes(rd, entries.size(), load);
            for (int i = 0; i < outcomes.length; i++) {
                Entry e = entries.get(i);
                if (outcomes[i] instanceof SidecarException ex) e.result.completeExceptionally(ex);
                else e.result.complete(outcomes[i]);
            }
        }

        @Override public void onClosed(SidecarException cause) {
            if (!done.compareAndSet(false, true)) return;
            for (Entry e : entries) e.result.completeExceptionally(cause);
            frameDone(group);
        }

        /** A caller's deadline passed while the frame was out: every entry of it fails (outcome unknown). */
        void abandon(SidecarException cause) {
            if (!done.compareAndSet(false, true)) return;
            SidecarConnection c = conn;
            if (c != null) c.forget(id);
            for (Entry e : entries) e.result.completeExceptionally(cause);
            frameDone(group);
        }
    }

    /**
     * The outcomes of a {@code *_MULTI} answer (after its OK status), in request order: the loaded
     * wire value (loads; null for no row or for writes), or the entry's {@link SidecarException}.
     */
    static Object[] outcomes(WireReader rd, int expected, boolean load) {
        int n = rd.count();
        if (n != expected) {
            throw new SidecarException("ProtocolError", "the sidecar answered " + n + " outcomes for "
                + expected + " entries");
        }
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            int outcome = rd.u8();
            if (outcome == OUT_OK) {
                out[i] = load ? rd.value() : null;
            } else if (outcome == OUT_ERROR) {
                String kind = rd.str();
                out[i] = new SidecarException(kind, rd.str());
            } else {
                throw new SidecarException("ProtocolError", "unknown entry outcome " + outcome);
            }
        }
        return out;
    }

    private final SidecarClient client;
    private final String socketPath;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final BridgeCounters counters;

    Coalescer(SidecarClient client, String socketPath, BridgeCounters counters) {
        this.client = client;
        this.socketPath = socketPath;
        this.counters = counters;
    }

    private Group group(byte singleOp, String cache, Settings settings) {
        return groups.computeIfAbsent(singleOp + "/" + cache,
            k -> new Group(singleOp, multiOf(singleOp), cache, settings));
    }

    private static byte multiOf(byte op) {
        switch (op) {
            case OP_LOAD: return OP_LOAD_MULTI;
            case OP_WRITE: return OP_WRITE_MULTI;
            case OP_DELETE: return OP_DELETE_MULTI;
            default: throw new IllegalArgumentException("op " + op + " does not coalesce");
        }
    }

    /**
     * One call: {@code payload} is the entry as encoded after cache (and xid) in the single-entry
     * frame, its first {@code keyLength} bytes the key. Returns the loaded wire value (loads) or
     * null; throws the entry's own failure.
     */
    Object call(byte singleOp, String cache, Settings settings, byte[] payload, int keyLength, long timeoutMs, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Group g = group(singleOp, cache, settings);
        Entry entry = new Entry(payload, keyLength);
        boolean lead;
        synchronized (g) {
            g.queue.add(entry);
            lead = g.inFlight < settings.framesInFlight();
            if (lead) {
                g.inFlight++;
                g.lastProgressNanos = entry.enqueuedNanos;
            }
        }
        if (lead) {
            if (settings.lingerMicros() > 0 && settings.maxCoalesce() > 1) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(settings.lingerMicros()));
            }
            List<Entry> batch;
            synchronized (g) {
                batch = g.take();
            }
            pump(g, batch, timeoutMs);
        }
        return await(g, entry, deadline, what);
    }

    /**
     * Waits for the entry's outcome. A queued entry whose group made no progress for
     * {@code stallMicros} (a frame stuck on a slow store call: a table being created, retries with
     * backoff) sends what is queued in an extra frame, so one slow call does not hold up the rest.
     */
    private Object await(Group g, Entry entry, long deadline, String what) {
        long stall = TimeUnit.MICROSECONDS.toNanos(g.settings.stallMicros());
        for (;;) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || entry.result.isDone() || entry.state.get() != Entry.QUEUED) break;
            try {
                return entry.result.get(Math.min(left, stall), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                List<Entry> batch = null;
                synchronized (g) {
                    long now = System.nanoTime();
                    if (entry.state.get() == Entry.QUEUED && now - g.lastProgressNanos >= stall
                        && g.inFlight < g.settings.framesInFlight() * (1 + STALL_EXTRA_FACTOR)) {
                        g.inFlight++;
                        g.lastProgressNanos = now;
                        batch = g.take();
                    }
                }
                if (batch != null) pump(g, batch, TimeUnit.NANOSECONDS.toMillis(Math.max(left, 1_000_000)));
            } catch (InterruptedException e) {
                entry.state.compareAndSet(Entry.QUEUED, Entry.CANCELLED);
                Thread.currentThread().interrupt();
                throw new SidecarException("Interrupted", "interrupted while waiting for the sidecar", e);
            } catch (ExecutionException e) {
                return unwrap(e);
            }
        }
        return awaitSent(entry, deadline, what);
    }

    private static Object unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SidecarException s) throw new SidecarException(s.kind(), s.getMessage(), s);
        throw new SidecarException("Unavailable", String.valueOf(cause), cause);
    }

    /** Waits for an entry that left in a frame (or whose deadline passed while queued). */
    private Object awaitSent(Entry entry, long deadline, String what) {
        try {
            return entry.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            SidecarException timeout = new SidecarException("Timeout", "the sidecar at " + socketPath
                + " did not answer " + what + " in time; its outcome is unknown (see the sidecar's log)");
            if (entry.state.compareAndSet(Entry.QUEUED, Entry.CANCELLED)) {
                throw new SidecarException("Timeout", "the " + what + " waited its whole deadline behind other "
                    + "calls to the sidecar at " + socketPath + " and was not sent");
            }
            Batch b = entry.batch;
            if (b != null) b.abandon(timeout);
            if (entry.result.isDone()) return awaitSent(entry, System.nanoTime(), what);
            throw timeout;
        } catch (InterruptedException e) {
            entry.state.compareAndSet(Entry.QUEUED, Entry.CANCELLED);
            Thread.currentThread().interrupt();
            throw new SidecarException("Interrupted", "interrupted while waiting for the sidecar", e);
        } catch (ExecutionException e) {
            return unwrap(e);
        }
    }

    /** A frame's answer came (or it failed): its slot goes to the calls queued meanwhile. */
    private void frameDone(Group g) {
        List<Entry> next;
        synchronized (g) {
            g.lastProgressNanos = System.nanoTime();
            next = g.take();
            if (next.isEmpty()) {
                g.inFlight--;
                return;
            }
        }
        // Often on the connection's reader thread: never wait long for room in its outbox (it frees
        // only as answers are read). After a broken connection, the next frame opens a new one.
        pump(g, next, 1);
    }

    /** Sends frames until one is out (the slot stays taken) or nothing is queued (slot freed). */
    private void pump(Group g, List<Entry> batch, long enqueueTimeoutMs) {
        while (!batch.isEmpty()) {
            if (send(g, batch, enqueueTimeoutMs)) return;
            synchronized (g) {
                batch = g.take();
            }
        }
        synchronized (g) {
            g.inFlight--;
        }
    }

    /** True when the frame left; false when it failed at once (its entries then hold the failure). */
    private boolean send(Group g, List<Entry> entries, long enqueueTimeoutMs) {
        Batch b = new Batch(g, entries);
        long now = System.nanoTime();
        for (Entry e : entries) {
            e.batch = b;
            counters.queued(now - e.enqueuedNanos);
        }
        counters.frame(entries.size());
        try {
            SidecarConnection c = client.connection();
            int id = client.nextId();
            b.conn = c;
            b.id = id;
            WireWriter w;
            if (entries.size() == 1) {
                w = WireWriter.frame(g.singleOp, id).str(g.cache);
                if (g.singleOp != OP_LOAD) w.optStr(null);
            } else {
                w = WireWriter.frame(g.multiOp, id).str(g.cache).i32(entries.size());
            }
            for (Entry e : entries) w.raw(e.payload, 0, e.payload.length);
            byte[] frame = w.finish();
            c.register(id, b);
            c.enqueue(id, frame, w.size(), Math.max(1, enqueueTimeoutMs));
            return true;
        } catch (RuntimeException e) {
            SidecarException ex = e instanceof SidecarException s ? s
                : new SidecarException("Unavailable", e.toString(), e);
            // Already settled (the connection closed under it): its slot went on with it.
            if (!b.done.compareAndSet(false, true)) return true;
            if (b.conn != null) b.conn.forget(b.id);
            for (Entry en : entries) en.result.completeExceptionally(ex);
            return false;
        }
    }
}
