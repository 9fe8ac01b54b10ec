package io.github.ignitecassandratestbed.bridge;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.ignite.IgniteBinary;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.binary.BinaryObjectBuilder;
import org.apache.ignite.binary.BinaryType;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * Translates between what Ignite hands a store with {@code storeKeepBinary=true} (binary objects for
 * user types, boxed primitives and standard types otherwise) and the wire's plain values, so the
 * servers need no user classes. Objects coming back from Cassandra are rebuilt with Ignite's binary
 * builder, each field typed: as the type's registered metadata says when the type is known (a field
 * registered as {@code long} must never be written as {@code int}), else as the sidecar declares it
 * from the column's CQL type.
 */
public final class BinaryMapping {
    private final IgniteBinary binary;

    public BinaryMapping(IgniteBinary binary) {
        this.binary = binary;
    }

    /** An Ignite key or value as a wire value. */
    public static Object toWire(Object v) {
        if (v instanceof BinaryObject bo) return objectToWire(bo);
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object e : s) out.add(toWire(e));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object e : c) out.add(toWire(e));
            return out;
        }
        if (v instanceof Object[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (Object e : a) out.add(toWire(e));
            return out;
        }
        if (v != null && v.getClass().isArray() && !(v instanceof byte[])) {
            // long[], int[], double[], ...: boxed elements.
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(Array.get(v, i));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(toWire(e.getKey()), toWire(e.getValue()));
            return out;
        }
        return v;
    }

    private static WireObject objectToWire(BinaryObject bo) {
        BinaryType type = bo.type();
        if (type.isEnum()) {
            throw new SidecarException("MappingError", "enum values (" + type.typeName()
                + ") cannot be persisted by the TypeScript store; store the enum's name as a String field");
        }
        Map<String, WireObject.Field> fields = new LinkedHashMap<>();
        for (String name : type.fieldNames()) {
            if (!bo.hasField(name)) continue;
            fields.put(name, new WireObject.Field(tagOf(type.fieldTypeName(name)), toWire(bo.field(name))));
        }
        return new WireObject(type.typeName(), fields);
    }

    /** A wire value as an Ignite key or value. */
    public Object fromWire(Object v) {
        if (v instanceof WireObject o) return build(o);
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object e : s) out.add(fromWire(e));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) out.add(fromWire(e));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(fromWire(e.getKey()), fromWire(e.getValue()));
            return out;
        }
        return v;
    }

    private BinaryObject build(WireObject o) {
        BinaryType meta = binary.type(o.typeName());
        BinaryObjectBuilder b = binary.builder(o.typeName());
        for (Map.Entry<String, WireObject.Field> f : o.fields().entrySet()) {
            String name = f.getKey();
            String registered = meta == null ? null : meta.fieldTypeName(name);
            byte registeredTag = registered == null ? T_NULL : tagOf(registered);
            byte target = registeredTag != T_NULL ? registeredTag : f.getValue().declaredTag();
            Object value = fromWire(f.getValue().value());
            if (target == T_NULL) {
                // Neither registered nor declared: let Ignite infer, but never register a type from a null.
                if (value != null) b.setField(name, value);
                continue;
            }
            Object converted = convert(value, target, o.typeName(), name, registered);
            setTyped(b, name, converted, classOf(target));
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static void setTyped(BinaryObjectBuilder b, String name, Object value, Class<?> cls) {
        b.setField(name, value, (Class<Object>) cls);
    }

    /**
     * Converts a value to the field type a binary type has (or gets), where that loses nothing; any
     * other mismatch is an error naming the type, the field and both types.
     */
    static Object convert(Object v, byte target, String typeName, String field, String registered) {
        if (v == null) return null;
        Object out = convertOrNull(v, target);
        if (out != null) return out;
        String why = registered != null
            ? "Ignite registered the field as " + registered
            : "the sidecar declared it " + tagName(target);
        throw new SidecarException("MappingError", "field " + field + " of " + typeName + ": a "
            + v.getClass().getSimpleName() + " value (" + v + ") cannot become " + tagName(target) + " (" + why
            + "). Keep the field's Java/Ignite type and the column's CQL type consistent "
            + "(bigint-long, int-int, text-String, timestamp-Date, ...), or give the type a new name.");
    }

    private static Object convertOrNull(Object v, byte target) {
        if ((target & ARRAY_OF) != 0) return toArray(v, (byte) (target & 0x7f));
        switch (target) {
            case T_BOOL: return v instanceof Boolean ? v : null;
            case T_BYTE: return integral(v, Byte.MIN_VALUE, Byte.MAX_VALUE) ? (Object) ((Number) v).byteValue() : null;
            case T_SHORT: return integral(v, Short.MIN_VALUE, Short.MAX_VALUE) ? (Object) ((Number) v).shortValue() : null;
            case T_INT: return integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE) ? (Object) ((Number) v).intValue() : null;
            case T_LONG: return integral(v, Long.MIN_VALUE, Long.MAX_VALUE) ? (Object) ((Number) v).longValue() : null;
            case T_FLOAT: return v instanceof Float || v instanceof Double ? (Object) ((Number) v).floatValue() : null;
            case T_DOUBLE: return v instanceof Float || v instanceof Double ? (Object) ((Number) v).doubleValue() : null;
            case T_CHAR:
                if (v instanceof Character) return v;
                return v instanceof String s && s.length() == 1 ? s.charAt(0) : null;
            case T_STRING: return v instanceof String || v instanceof Character ? v.toString() : null;
            case T_BYTES: return v instanceof byte[] ? v : null;
            case T_UUID:
                if (v instanceof UUID) return v;
                try {
                    return v instanceof String s ? UUID.fromString(s) : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            case T_DATE:
                if (v instanceof Timestamp t) return new Date(t.getTime());
                return v instanceof Date ? v : null;
            case T_TIMESTAMP:
                if (v instanceof Timestamp) return v;
                return v instanceof Date d ? new Timestamp(d.getTime()) : null;
            case T_DECIMAL:
                if (v instanceof BigDecimal) return v;
                if (v instanceof BigInteger i) return new BigDecimal(i);
                return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                    ? BigDecimal.valueOf(((Number) v).longValue()) : null;
            case T_LIST:
            case T_SET: return v instanceof Collection ? v : null;
            case T_MAP: return v instanceof Map ? v : null;
            case T_OBJECT: return v;
            default: return null;
        }
    }

    /** A collection or array as a typed array of {@code element} (primitive arrays for numbers, booleans, chars). */
    private static Object toArray(Object v, byte element) {
        List<Object> items = new ArrayList<>();
        if (v instanceof Collection<?> c) items.addAll(c);
        else if (v != null && v.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(v); i++) items.add(Array.get(v, i));
        } else return null;
        Class<?> type = classOf((byte) (ARRAY_OF | element)).getComponentType();
        Object out = Array.newInstance(type, items.size());
        for (int i = 0; i < items.size(); i++) {
            Object e = items.get(i);
            Object c = e == null ? null : convertOrNull(e, element);
            if (c == null && (e != null || type.isPrimitive())) return null;
            Array.set(out, i, c);
        }
        return out;
    }

    /** An integral number (of any width, or a decimal without fraction) within [min, max]. */
    private static boolean integral(Object v, long min, long max) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            return l >= min && l <= max;
        }
        if (v instanceof BigDecimal d) {
            try {
                long l = d.longValueExact();
                return l >= min && l <= max;
            } catch (ArithmeticException e) {
                return false;
            }
        }
        return false;
    }

    /** The wire tag of an Ignite binary field type name; {@link Protocol#T_NULL} when it has none. */
    static byte tagOf(String igniteFieldType) {
        if (igniteFieldType == null) return T_NULL;
        if (igniteFieldType.endsWith("[]") && !igniteFieldType.equals("byte[]")) {
            byte element = tagOf(igniteFieldType.substring(0, igniteFieldType.length() - 2));
            boolean scalar = element != T_NULL && element != T_LIST && element != T_MAP && element != T_BYTES;
            return scalar ? (byte) (ARRAY_OF | element) : T_NULL;
        }
        switch (igniteFieldType) {
            case "boolean": return T_BOOL;
            case "byte": return T_BYTE;
            case "short": return T_SHORT;
            case "int": return T_INT;
            case "long": return T_LONG;
            case "float": return T_FLOAT;
            case "double": return T_DOUBLE;
            case "char": return T_CHAR;
            case "String": return T_STRING;
            case "byte[]": return T_BYTES;
            case "UUID": return T_UUID;
            case "Date": return T_DATE;
            case "Timestamp": return T_TIMESTAMP;
            case "decimal": return T_DECIMAL;
            case "Collection": return T_LIST;
            case "Map": return T_MAP;
            default: return T_NULL; // Object, Enum, arrays, Time: no fixed wire type
        }
    }

    static Class<?> classOf(byte tag) {
        if ((tag & ARRAY_OF) != 0) {
            switch ((byte) (tag & 0x7f)) {
                case T_BOOL: return boolean[].class;
                case T_BYTE: return byte[].class;
                case T_SHORT: return short[].class;
                case T_INT: return int[].class;
                case T_LONG: return long[].class;
                case T_FLOAT: return float[].class;
                case T_DOUBLE: return double[].class;
                case T_CHAR: return char[].class;
                default: return Array.newInstance(classOf((byte) (tag & 0x7f)), 0).getClass();
            }
        }
        switch (tag) {
            case T_BOOL: return Boolean.class;
            case T_BYTE: return Byte.class;
            case T_SHORT: return Short.class;
            case T_INT: return Integer.class;
            case T_LONG: return Long.class;
            case T_FLOAT: return Float.class;
            case T_DOUBLE: return Double.class;
            case T_CHAR: return Character.class;
            case T_STRING: return String.class;
            case T_BYTES: return byte[].class;
            case T_UUID: return UUID.class;
            case T_DATE: return Date.class;
            case T_TIMESTAMP: return Timestamp.class;
            case T_DECIMAL: return BigDecimal.class;
            case T_LIST:
            case T_SET: return Collection.class;
            case T_MAP: return Map.class;
            default: return Object.class;
        }
    }
}
