package io.github.ignitecassandratestbed.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;

/**
 * The bridge and its sidecar without Ignite, for {@code npm run bench:ignite}: {@code threads}
 * callers run {@code writeAll} or {@code loadAll} of {@code bulk} {@code Long → Long} entries
 * (value = key), or {@code write} or {@code load} of one, through {@link TsCacheStore} for
 * {@code warmup + seconds} seconds. Prints
 * {@code MEASURING} when the measured phase starts, {@code MEASURED} when it ends, then
 * {@code RESULT {"calls":…,"entries":…,"errors":…,"p50Us":…,"p99Us":…}}. Reads are verified.
 *
 * <p>Usage: {@code BridgeBench <socket> <cache> writeAll|loadAll|write|load <threads> <bulk> <warmupSeconds>
 * <seconds> <keysPerThread>}; exit code 2 on a usage error.
 */
public final class BridgeBench {
    private BridgeBench() {}

    private record Entry(Long key, Long value) implements Cache.Entry<Object, Object> {
        @Override public Object getKey() {
            return key;
        }

        @Override public Object getValue() {
            return value;
        }

        @Override public <T> T unwrap(Class<T> c) {
            throw new IllegalArgumentException("not wrappable");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8 || !List.of("writeAll", "loadAll", "write", "load").contains(args[2])) {
            System.err.println("usage: BridgeBench <socket> <cache> writeAll|loadAll|write|load <threads> <bulk> "
                + "<warmupSeconds> <seconds> <keysPerThread>");
            System.exit(2);
        }
        String op = args[2];
        int threads = Integer.parseInt(args[3]);
        int bulk = op.endsWith("All") ? Integer.parseInt(args[4]) : 1;
        long warmupNanos = Long.parseLong(args[5]) * 1_000_000_000L;
        long measureNanos = Long.parseLong(args[6]) * 1_000_000_000L;
        long keysPerThread = Long.parseLong(args[7]);
        TsCacheStore store = TsCacheStore.standalone(new TsCacheStoreFactory.Settings(args[0], 30_000, 10_000,
            Math.max(256, threads * 2), 1000, 4, 120_000, !"false".equals(System.getProperty("coalesce")), 64, 0, 1, 20_000), args[1]);

        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        AtomicLong calls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            long base = t * keysPerThread;
            long[] mine = new long[1 << 16];
            latencies.add(mine);
            Thread w = new Thread(() -> {
                int n = 0;
                for (long i = 0;; i++) {
                    long first = base + (i * bulk) % Math.max(bulk, keysPerThread - bulk);
                    long before = System.nanoTime();
                    if (before >= end) break;
                    try {
                        if (op.equals("write")) {
                            store.write(new Entry(first, first));
                        } else if (op.equals("load")) {
                            Object got = store.load(first);
                            if (!Long.valueOf(first).equals(got)) throw new IllegalStateException("wrong value of " + first + ": " + got);
                        } else if (op.equals("writeAll")) {
                            List<Cache.Entry<?, ?>> entries = new ArrayList<>(bulk);
                            for (long k = first; k < first + bulk; k++) entries.add(new Entry(k, k));
                            store.writeAll(entries);
                        } else {
                            List<Long> keys = new ArrayList<>(bulk);
                            for (long k = first; k < first + bulk; k++) keys.add(k);
                            Map<Object, Object> got = store.loadAll(keys);
                            if (got.size() != bulk) throw new IllegalStateException(got.size() + " of " + bulk + " keys found");
                            for (Long k : keys) if (!k.equals(got.get(k))) throw new IllegalStateException("wrong value of " + k);
                        }
                    } catch (RuntimeException e) {
                        if (errors.incrementAndGet() == 1) System.err.println("first error: " + e);
                    }
                    long after = System.nanoTime();
                    if (before >= measureFrom && after <= end) {
                        calls.incrementAndGet();
                        if (n < mine.length) mine[n++] = (after - before) / 1000;
                    }
                }
                counts[index] = n;
            }, "bridge-bench-" + t);
            workers.add(w);
        }
        for (Thread w : workers) w.start();
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        System.out.println("MEASURING");
        System.out.flush();
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        System.out.println("MEASURED");
        System.out.flush();
        for (Thread w : workers) w.join(60_000);

        int total = 0;
        for (int n : counts) total += n;
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        long p50 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.floor(all.length * 0.50))];
        long p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.floor(all.length * 0.99))];
        System.out.println("RESULT {\"calls\":" + calls.get() + ",\"entries\":" + calls.get() * bulk
            + ",\"errors\":" + errors.get() + ",\"p50Us\":" + p50 + ",\"p99Us\":" + p99 + ",\"coalescing\":\""
            + store.coalescingCounters() + "\"}");
        System.exit(errors.get() > 0 ? 1 : 0);
    }
}
