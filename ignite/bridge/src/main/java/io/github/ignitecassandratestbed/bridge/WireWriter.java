package io.github.ignitecassandratestbed.bridge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * Writes one frame (big-endian, as the protocol document specifies) into a growable array: the
 * length prefix is reserved at the start and filled by {@link #finish()}.
 */
public final class WireWriter {
    private byte[] buf;
    private int pos;

    private WireWriter(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    /** A frame for a request ({@code code} = op) or a response ({@code code} = status). */
    public static WireWriter frame(byte code, int requestId) {
        WireWriter w = new WireWriter(256);
        w.pos = 4; // length prefix, written by finish()
        w.u8(code);
        w.i32(requestId);
        return w;
    }

    /** A bare writer (no frame header), for test vectors. */
    public static WireWriter bare() {
        return new WireWriter(64);
    }

    /** Fills the length prefix; returns the frame's bytes (length {@link #size()}). */
    public byte[] finish() {
        int length = pos - 4;
        if (length > MAX_FRAME_BYTES) {
            throw new SidecarException("ProtocolError", "a request of " + length
                + " bytes exceeds the protocol's frame limit of " + MAX_FRAME_BYTES
                + " bytes; split the batch (smaller putAll/writeBehindBatchSize)");
        }
        buf[0] = (byte) (length >>> 24);
        buf[1] = (byte) (length >>> 16);
        buf[2] = (byte) (length >>> 8);
        buf[3] = (byte) length;
        return buf;
    }

    /** Bytes written so far. */
    public int size() {
        return pos;
    }

    /** A copy of what was written (bare writers). */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    /** Appends bytes already encoded (an entry a caller wrote with a {@link #bare()} writer). */
    public WireWriter raw(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, pos, length);
        pos += length;
        return this;
    }

    public WireWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter i32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    public WireWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    /** UTF-8 with a u32 byte length. */
    public WireWriter str(String s) {
        return blob(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A string that may be absent: a presence byte, then the string. */
    public WireWriter optStr(String s) {
        if (s == null) return u8(0);
        u8(1);
        return str(s);
    }

    /** Bytes with a u32 length. */
    public WireWriter blob(byte[] b) {
        i32(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /**
     * A tagged value. Accepts what {@link BinaryMapping#toWire} produces: boxed primitives, String,
     * byte[], UUID, Date, Timestamp, BigDecimal, BigInteger, {@link WireObject}, collections, maps.
     */
    public WireWriter value(Object v) {
        if (v == null) return u8(T_NULL);
        if (v instanceof Boolean b) return u8(T_BOOL).bool(b);
        if (v instanceof Byte b) return u8(T_BYTE).u8(b);
        if (v instanceof Short s) return u8(T_SHORT).u16(s);
        if (v instanceof Integer i) return u8(T_INT).i32(i);
        if (v instanceof Long l) return u8(T_LONG).i64(l);
        if (v instanceof Float f) return u8(T_FLOAT).i32(Float.floatToIntBits(f));
        if (v instanceof Double d) return u8(T_DOUBLE).i64(Double.doubleToLongBits(d));
        if (v instanceof Character c) return u8(T_CHAR).u16(c);
        if (v instanceof String s) return u8(T_STRING).str(s);
        if (v instanceof byte[] b) return u8(T_BYTES).blob(b);
        if (v instanceof UUID u) return u8(T_UUID).i64(u.getMostSignificantBits()).i64(u.getLeastSignificantBits());
        // Timestamp extends Date: test it first.
        if (v instanceof Timestamp t) return u8(T_TIMESTAMP).i64(t.getTime()).i32(t.getNanos() % 1_000_000);
        if (v instanceof Date d) return u8(T_DATE).i64(d.getTime());
        if (v instanceof BigDecimal d) return u8(T_DECIMAL).i32(d.scale()).blob(d.unscaledValue().toByteArray());
        if (v instanceof BigInteger i) return u8(T_DECIMAL).i32(0).blob(i.toByteArray());
        if (v instanceof WireObject o) return object(o);
        if (v instanceof Set<?> s) return collection(T_SET, s);
        if (v instanceof Collection<?> c) return collection(T_LIST, c);
        if (v instanceof Map<?, ?> m) {
            u8(T_MAP).i32(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                value(e.getKey());
                value(e.getValue());
            }
            return this;
        }
        throw new SidecarException("MappingError", "a value of class " + v.getClass().getName()
            + " cannot be sent to the TypeScript store (supported: boxed primitives, String, byte[], UUID, "
            + "Date, Timestamp, BigDecimal, BigInteger, binary objects, collections and maps of these)");
    }

    private WireWriter collection(byte tag, Collection<?> c) {
        u8(tag).i32(c.size());
        for (Object e : c) value(e);
        return this;
    }

    private WireWriter object(WireObject o) {
        u8(T_OBJECT).str(o.typeName()).u16(o.fields().size());
        for (Map.Entry<String, WireObject.Field> f : o.fields().entrySet()) {
            str(f.getKey());
            u8(f.getValue().declaredTag());
            value(f.getValue().value());
        }
        return this;
    }
}
