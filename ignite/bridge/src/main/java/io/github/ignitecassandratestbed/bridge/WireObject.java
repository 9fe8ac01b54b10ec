package io.github.ignitecassandratestbed.bridge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A user object as it crosses the socket: its Ignite binary type name and its fields in order, each
 * with the Ignite field type it has (or should get) and its value. Field order matters: Ignite hashes
 * and compares binary keys by their bytes, so a key rebuilt from Cassandra must list its fields in
 * the order the clients write them.
 */
public final class WireObject {
    /** One field: the declared wire tag ({@link Protocol#T_NULL} when unknown) and the value. */
    public record Field(byte declaredTag, Object value) {}

    private final String typeName;
    private final Map<String, Field> fields;

    public WireObject(String typeName, Map<String, Field> fields) {
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String typeName() {
        return typeName;
    }

    /** Fields in wire order. */
    public Map<String, Field> fields() {
        return fields;
    }

    @Override public boolean equals(Object o) {
        return o instanceof WireObject w && w.typeName.equals(typeName) && w.fields.equals(fields);
    }

    @Override public int hashCode() {
        return Objects.hash(typeName, fields);
    }

    @Override public String toString() {
        return typeName + fields;
    }
}
