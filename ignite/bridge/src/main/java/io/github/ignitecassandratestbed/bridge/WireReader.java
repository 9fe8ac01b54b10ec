package io.github.ignitecassandratestbed.bridge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/** Reads one frame's body (big-endian); every read is bounds-checked. */
public final class WireReader {
    /** Deepest nesting of lists, maps and objects accepted (a malformed frame cannot recurse forever). */
    private static final int MAX_DEPTH = 64;

    private final byte[] buf;
    private final int end;
    private int pos;

    public WireReader(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new SidecarException("ProtocolError", "malformed frame from the sidecar: " + n
                + " bytes needed at offset " + pos + " of " + end);
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    public int u16() {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int i32() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
            | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long i64() {
        long hi = i32() & 0xffffffffL;
        long lo = i32() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    public boolean bool() {
        return u8() != 0;
    }

    public byte[] blob() {
        int n = i32();
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    public String str() {
        int n = i32();
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public String optStr() {
        return u8() == 0 ? null : str();
    }

    /** A count that must fit what is left of the frame (at least one byte per element). */
    public int count() {
        int n = i32();
        if (n < 0 || n > remaining()) {
            throw new SidecarException("ProtocolError", "malformed frame from the sidecar: count " + n
                + " with " + remaining() + " bytes left");
        }
        return n;
    }

    /** A tagged value as plain Java objects; binary objects come back as {@link WireObject}. */
    public Object value() {
        return value(0);
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw new SidecarException("ProtocolError", "values nested deeper than " + MAX_DEPTH);
        int tag = u8();
        switch (tag) {
            case T_NULL: return null;
            case T_BOOL: return bool();
            case T_BYTE: return (byte) u8();
            case T_SHORT: return (short) u16();
            case T_INT: return i32();
            case T_LONG: return i64();
            case T_FLOAT: return Float.intBitsToFloat(i32());
            case T_DOUBLE: return Double.longBitsToDouble(i64());
            case T_CHAR: return (char) u16();
            case T_STRING: return str();
            case T_BYTES: return blob();
            case T_UUID: return new UUID(i64(), i64());
            case T_DATE: return new Date(i64());
            case T_TIMESTAMP: {
                Timestamp t = new Timestamp(i64());
                t.setNanos(t.getNanos() + i32());
                return t;
            }
            case T_DECIMAL: {
                int scale = i32();
                return new BigDecimal(new BigInteger(blob()), scale);
            }
            case T_OBJECT: {
                String typeName = str();
                int n = u16();
                Map<String, WireObject.Field> fields = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String name = str();
                    byte declared = (byte) u8();
                    fields.put(name, new WireObject.Field(declared, value(depth + 1)));
                }
                return new WireObject(typeName, fields);
            }
            case T_LIST: {
                int n = count();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) list.add(value(depth + 1));
                return list;
            }
            case T_SET: {
                int n = count();
                Set<Object> set = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) set.add(value(depth + 1));
                return set;
            }
            case T_MAP: {
                int n = count();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) map.put(value(depth + 1), value(depth + 1));
                return map;
            }
            default:
                throw new SidecarException("ProtocolError", "malformed frame from the sidecar: unknown value tag " + tag);
        }
    }
}
