package io.github.ignitecassandratestbed.bridge;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteLogger;
import org.apache.ignite.cache.store.CacheStore;
import org.apache.ignite.cache.store.CacheStoreSession;
import org.apache.ignite.lang.IgniteBiInClosure;
import org.apache.ignite.resources.CacheNameResource;
import org.apache.ignite.resources.CacheStoreSessionResource;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.LoggerResource;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * An Ignite {@link CacheStore} whose persistence logic lives in the TypeScript store: every call is
 * translated (keys and values as binary-object fields or plain values) and forwarded to the node's
 * sidecar. Failures surface as {@link CacheLoaderException} / {@link CacheWriterException} carrying
 * the sidecar's message. Inside a transaction, writes and deletes are buffered by the sidecar under
 * the transaction's id and applied (or discarded) by {@link #sessionEnd}.
 */
public class TsCacheStore implements CacheStore<Object, Object> {
    /** Session property holding what this transaction sent (shared by the stores of one transaction). */
    private static final String TX_STATE = TsCacheStore.class.getName() + ".tx";

    /** What one transaction has sent to the sidecar. */
    private static final class TxState {
        String sidecarInstance;
        long mutations;
        boolean ended;
    }

    @IgniteInstanceResource
    private Ignite ignite;

    @CacheStoreSessionResource
    private CacheStoreSession session;

    @CacheNameResource
    private String cacheName;

    @LoggerResource
    private IgniteLogger log;

    private final TsCacheStoreFactory.Settings settings;
    private volatile SidecarClient client;
    private volatile BinaryMapping mapping;

    TsCacheStore(TsCacheStoreFactory.Settings settings) {
        this.settings = settings;
    }

    /**
     * A store outside Ignite, for tools and benchmarks ({@link BridgeBench}): plain keys and values
     * only (no binary objects, which need a node), no transactions.
     */
    static TsCacheStore standalone(TsCacheStoreFactory.Settings settings, String cacheName) {
        TsCacheStore store = new TsCacheStore(settings);
        store.cacheName = cacheName;
        store.mapping = new BinaryMapping(null);
        return store;
    }

    private SidecarClient client() {
        SidecarClient c = client;
        if (c == null) {
            String name = "ignite-store-bridge/" + (ignite == null ? "?" : ignite.name());
            c = SidecarClient.forSocket(settings.socketPath(), name, settings.maxInFlight(), settings.connectTimeoutMs());
            client = c;
        }
        return c;
    }

    private BinaryMapping mapping() {
        BinaryMapping m = mapping;
        if (m == null) {
            m = new BinaryMapping(ignite.binary());
            mapping = m;
        }
        return m;
    }

    private String cache() {
        if (cacheName != null) return cacheName;
        String fromSession = session == null ? null : session.cacheName();
        if (fromSession == null) throw new IllegalStateException("TsCacheStore: no cache name was injected");
        return fromSession;
    }

    private String describe(String op) {
        return op + " of cache " + cache();
    }

    private String failure(String op, SidecarException e) {
        return "TypeScript store sidecar (" + settings.socketPath() + "): " + describe(op) + " failed: "
            + e.kind() + ": " + e.getMessage();
    }

    private CacheLoaderException loadError(String op, SidecarException e) {
        return new CacheLoaderException(failure(op, e), e);
    }

    private CacheWriterException writeError(String op, SidecarException e) {
        return new CacheWriterException(failure(op, e), e);
    }

    /** Coalesces a single-entry call with the same calls of other threads (see {@link Coalescer}). */
    private Object coalesced(byte op, WireWriter entry, int keyLength, String what) {
        return client().coalesced(op, cache(), settings.coalescing(), entry.toByteArray(), keyLength,
            settings.callTimeoutMs(), describe(what));
    }

    /** The coalescing counters of this store's sidecar client, in words (tools). */
    String coalescingCounters() {
        return client().counters().toString();
    }

    @Override public Object load(Object key) {
        if (key == null) return null;
        try {
            Object wireKey = BinaryMapping.toWire(key);
            if (settings.coalesce()) {
                WireWriter e = WireWriter.bare().value(wireKey);
                return mapping().fromWire(coalesced(OP_LOAD, e, e.size(), "load"));
            }
            Response r = client().call(OP_LOAD, w -> w.str(cache()).value(wireKey), settings.callTimeoutMs(), describe("load"));
            return mapping().fromWire(r.reader().value());
        } catch (SidecarException e) {
            throw loadError("load", e);
        }
    }

    @Override public Map<Object, Object> loadAll(Iterable<?> keys) {
        List<Object> list = new ArrayList<>();
        for (Object k : keys) if (k != null) list.add(k);
        Map<Object, Object> result = new HashMap<>();
        if (list.isEmpty()) return result;
        try {
            List<Object> wireKeys = new ArrayList<>(list.size());
            for (Object k : list) wireKeys.add(BinaryMapping.toWire(k));
            Response r = client().call(OP_LOAD_ALL, w -> {
                w.str(cache()).i32(wireKeys.size());
                for (Object k : wireKeys) w.value(k);
            }, settings.callTimeoutMs(), describe("loadAll"));
            WireReader rd = r.reader();
            int found = rd.count();
            BinaryMapping m = mapping();
            for (int i = 0; i < found; i++) {
                int index = rd.i32();
                if (index < 0 || index >= list.size()) {
                    throw new SidecarException("ProtocolError", "loadAll answer names key #" + index + " of " + list.size());
                }
                // Keyed by the very objects Ignite passed: a key rebuilt from Cassandra could differ in bytes.
                result.put(list.get(index), m.fromWire(rd.value()));
            }
            return result;
        } catch (SidecarException e) {
            throw loadError("loadAll", e);
        }
    }

    @Override public void loadCache(IgniteBiInClosure<Object, Object> clo, Object... args) {
        if (clo == null) return;
        List<String> queries = new ArrayList<>();
        if (args != null) {
            for (Object a : args) {
                if (a == null) continue;
                if (!(a instanceof String s)) {
                    throw new CacheLoaderException("loadCache of cache " + cache() + ": argument " + a + " ("
                        + a.getClass().getName() + ") is not a CQL SELECT string; the TypeScript store takes "
                        + "SELECT statements returning every key and value column, or no argument for all rows");
                }
                queries.add(s);
            }
        }
        long total = 0;
        try (LoadCacheStream stream = client().openStream(OP_LOAD_CACHE, w -> {
            w.str(cache()).i32(settings.loadCacheWindowChunks()).i32(settings.loadCacheChunkEntries()).i32(queries.size());
            for (String q : queries) w.str(q);
        }, settings.loadCacheWindowChunks(), settings.callTimeoutMs())) {
            BinaryMapping m = mapping();
            for (;;) {
                Response r = stream.next(settings.loadCacheIdleTimeoutMs());
                WireReader rd = r.reader();
                if (r.status() == ST_CHUNK) {
                    int n = rd.count();
                    for (int i = 0; i < n; i++) {
                        Object k = m.fromWire(rd.value());
                        Object v = m.fromWire(rd.value());
                        clo.apply(k, v);
                    }
                    total += n;
                    stream.credit(settings.callTimeoutMs());
                } else if (r.status() == ST_END) {
                    long sent = rd.i64();
                    if (sent != total) {
                        throw new SidecarException("ProtocolError", "the sidecar reports " + sent
                            + " entries, " + total + " arrived");
                    }
                    if (log != null && log.isInfoEnabled()) log.info(describe("loadCache") + ": " + total + " entries");
                    return;
                } else if (r.status() == ST_ERROR) {
                    String kind = rd.str();
                    throw new SidecarException(kind, rd.str() + " (after " + total + " entries)");
                } else {
                    throw new SidecarException("ProtocolError", "unexpected status " + r.status() + " in a loadCache stream");
                }
            }
        } catch (SidecarException e) {
            throw loadError("loadCache", e);
        }
    }

    /** The transaction id when called inside one, else null. */
    private String xid() {
        if (session == null || !session.isWithinTransaction()) return null;
        return session.transaction().xid().toString();
    }

    /** This transaction's record of what was sent; refuses to mix sidecar instances. */
    private TxState txState(String xid) {
        Map<Object, Object> props = session.properties();
        TxState st = (TxState) props.get(TX_STATE);
        if (st == null) {
            st = new TxState();
            props.put(TX_STATE, st);
        }
        if (st.ended) {
            throw new SidecarException("TransactionEnded", "transaction " + xid + " already ended");
        }
        return st;
    }

    private void recordTx(TxState st, String xid, Response r, long mutations) {
        if (st.sidecarInstance != null && !st.sidecarInstance.equals(r.sidecarInstance())) {
            throw new SidecarException("SidecarRestarted", "the sidecar restarted during transaction " + xid
                + "; the writes it had buffered are lost, so the transaction cannot commit");
        }
        st.sidecarInstance = r.sidecarInstance();
        st.mutations += mutations;
    }

    @Override public void write(Cache.Entry<?, ?> entry) {
        if (entry == null || entry.getKey() == null) return;
        try {
            String xid = xid();
            TxState st = xid == null ? null : txState(xid);
            Object k = BinaryMapping.toWire(entry.getKey());
            Object v = BinaryMapping.toWire(entry.getValue());
            if (xid == null && settings.coalesce()) {
                WireWriter e = WireWriter.bare().value(k);
                int keyLength = e.size();
                coalesced(OP_WRITE, e.value(v), keyLength, "write");
                return;
            }
            Response r = client().call(OP_WRITE, w -> w.str(cache()).optStr(xid).value(k).value(v),
                settings.callTimeoutMs(), describe("write"));
            if (st != null) recordTx(st, xid, r, 1);
        } catch (SidecarException e) {
            throw writeError("write", e);
        }
    }

    @Override public void writeAll(Collection<Cache.Entry<?, ?>> entries) {
        if (entries == null || entries.isEmpty()) return;
        List<Object[]> wire = new ArrayList<>(entries.size());
        try {
            for (Cache.Entry<?, ?> e : entries) {
                wire.add(new Object[] {BinaryMapping.toWire(e.getKey()), BinaryMapping.toWire(e.getValue())});
            }
            String xid = xid();
            TxState st = xid == null ? null : txState(xid);
            Response r = client().call(OP_WRITE_ALL, w -> {
                w.str(cache()).optStr(xid).i32(wire.size());
                for (Object[] kv : wire) w.value(kv[0]).value(kv[1]);
            }, settings.callTimeoutMs(), describe("writeAll"));
            settle(entries, r);
            if (st != null) recordTx(st, xid, r, wire.size());
        } catch (SidecarException e) {
            throw writeError("writeAll", e);
        }
    }

    @Override public void delete(Object key) {
        if (key == null) return;
        try {
            String xid = xid();
            TxState st = xid == null ? null : txState(xid);
            Object k = BinaryMapping.toWire(key);
            if (xid == null && settings.coalesce()) {
                WireWriter e = WireWriter.bare().value(k);
                coalesced(OP_DELETE, e, e.size(), "delete");
                return;
            }
            Response r = client().call(OP_DELETE, w -> w.str(cache()).optStr(xid).value(k),
                settings.callTimeoutMs(), describe("delete"));
            if (st != null) recordTx(st, xid, r, 1);
        } catch (SidecarException e) {
            throw writeError("delete", e);
        }
    }

    @Override public void deleteAll(Collection<?> keys) {
        if (keys == null || keys.isEmpty()) return;
        try {
            List<Object> wire = new ArrayList<>(keys.size());
            for (Object k : keys) wire.add(BinaryMapping.toWire(k));
            String xid = xid();
            TxState st = xid == null ? null : txState(xid);
            Response r = client().call(OP_DELETE_ALL, w -> {
                w.str(cache()).optStr(xid).i32(wire.size());
                for (Object k : wire) w.value(k);
            }, settings.callTimeoutMs(), describe("deleteAll"));
            settle(keys, r);
            if (st != null) recordTx(st, xid, r, wire.size());
        } catch (SidecarException e) {
            throw writeError("deleteAll", e);
        }
    }

    /**
     * Applies the CacheWriter contract to a bulk answer: what was persisted is removed from the
     * collection, so what remains is exactly what failed; a PARTIAL answer then throws.
     */
    private static void settle(Collection<?> items, Response r) {
        BitSet failed = new BitSet();
        String message = null;
        if (r.status() == ST_PARTIAL) {
            WireReader rd = r.reader();
            message = rd.str();
            int n = rd.count();
            for (int i = 0; i < n; i++) {
                failed.set(rd.i32());
                rd.str(); // per-item reason; the summary message names the first
            }
        } else if (r.status() != ST_OK) {
            throw new SidecarException("ProtocolError", "unexpected status " + r.status() + " for a bulk write");
        }
        try {
            Iterator<?> it = items.iterator();
            for (int i = 0; it.hasNext(); i++) {
                it.next();
                if (!failed.get(i)) it.remove();
            }
        } catch (UnsupportedOperationException ignored) {
            // A collection Ignite does not let us shrink: the exception below still reports the failure.
        }
        if (message != null) throw new SidecarException("BulkOperationError", message);
    }

    /**
     * Ends the store session. Outside transactions there is nothing to do (each call was applied).
     * Inside one, the first store of the transaction to get here commits (or discards) everything
     * the transaction buffered in the sidecar, across caches; the sidecar checks it holds exactly
     * the mutations sent, so writes lost in a sidecar restart can never be committed as if complete.
     * (Deprecated in favour of CacheStoreSessionListener, which would need a second bean per cache;
     * Ignite 2.x still calls it, once per store and transaction.)
     */
    @SuppressWarnings("deprecation")
    @Override public void sessionEnd(boolean commit) {
        if (session == null || !session.isWithinTransaction()) return;
        TxState st = (TxState) session.properties().get(TX_STATE);
        if (st == null || st.ended) return;
        st.ended = true;
        String xid = session.transaction().xid().toString();
        long expected = st.mutations;
        try {
            Response r = client().call(OP_TX_END, w -> w.str(xid).bool(commit).i64(expected),
                settings.callTimeoutMs(), (commit ? "commit" : "rollback") + " of transaction " + xid);
            if (commit && st.sidecarInstance != null && !st.sidecarInstance.equals(r.sidecarInstance())) {
                throw new SidecarException("SidecarRestarted", "the sidecar restarted during transaction " + xid);
            }
        } catch (SidecarException e) {
            if (!commit) {
                // A rollback that cannot reach the sidecar loses nothing: its buffer died with it.
                if (log != null) log.warning("rollback of transaction " + xid + " not delivered: " + e.getMessage());
                return;
            }
            throw writeError("commit of transaction " + xid, e);
        }
    }
}
