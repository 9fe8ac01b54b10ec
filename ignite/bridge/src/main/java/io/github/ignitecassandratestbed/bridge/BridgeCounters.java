package io.github.ignitecassandratestbed.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the coalescing of single-entry calls does, per sidecar client: frames sent, entries in
 * them (histogram by powers of two), and the time entries queued behind a frame in flight.
 * Readable through {@link SidecarClient#counters()} (and {@link BridgeBench}'s output).
 */
final class BridgeCounters {
    /** Upper bounds of the histogram buckets: 1, 2, 3-4, 5-8, …, 129+. */
    static final int[] BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, Integer.MAX_VALUE};

    private final LongAdder frames = new LongAdder();
    private final LongAdder entries = new LongAdder();
    private final LongAdder queuedNanos = new LongAdder();
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS.length);

    void frame(int n) {
        frames.increment();
        entries.add(n);
        int b = 0;
        while (n > BUCKETS[b]) b++;
        histogram.incrementAndGet(b);
    }

    void queued(long nanos) {
        queuedNanos.add(nanos);
    }

    /** {@code frames}, {@code entries}, {@code queuedMicros}, {@code entriesPerFrame} (bucket → frames). */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", frames.sum());
        m.put("entries", entries.sum());
        m.put("queuedMicros", queuedNanos.sum() / 1000);
        Map<String, Long> h = new LinkedHashMap<>();
        for (int i = 0; i < BUCKETS.length; i++) {
            int lo = i == 0 ? 1 : BUCKETS[i - 1] + 1;
            String name = BUCKETS[i] == Integer.MAX_VALUE ? lo + "+" : lo == BUCKETS[i] ? String.valueOf(lo) : lo + "-" + BUCKETS[i];
            h.put(name, histogram.get(i));
        }
        m.put("entriesPerFrame", h);
        return m;
    }
}
