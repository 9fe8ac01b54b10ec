package io.github.ignitecassandratestbed.bridge;

/**
 * Constants of the bridge ↔ sidecar protocol (ignite/protocol/PROTOCOL.md). The TypeScript side
 * (ignite/protocol/constants.ts) holds the same numbers; shared test vectors keep both honest.
 */
public final class Protocol {
    /** Sent in HELLO; the sidecar refuses any other. */
    public static final int VERSION = 2;

    /** Largest frame either side sends or accepts (length prefix excluded). */
    public static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

    // Request op codes.
    public static final byte OP_HELLO = 0x01;
    public static final byte OP_HEALTH = 0x02;
    public static final byte OP_LOAD = 0x10;
    public static final byte OP_LOAD_ALL = 0x11;
    public static final byte OP_WRITE = 0x12;
    public static final byte OP_WRITE_ALL = 0x13;
    public static final byte OP_DELETE = 0x14;
    public static final byte OP_DELETE_ALL = 0x15;
    public static final byte OP_LOAD_CACHE = 0x16;
    public static final byte OP_CREDIT = 0x17;
    public static final byte OP_CANCEL = 0x18;
    public static final byte OP_TX_END = 0x19;
    /** Coalesced single-entry calls: one frame, one grouped store call, one outcome per entry. */
    public static final byte OP_LOAD_MULTI = 0x1A;
    public static final byte OP_WRITE_MULTI = 0x1B;
    public static final byte OP_DELETE_MULTI = 0x1C;

    // Per-entry outcomes of a *_MULTI answer.
    public static final byte OUT_OK = 0;
    public static final byte OUT_ERROR = 1;

    // Response statuses.
    public static final byte ST_OK = 0;
    public static final byte ST_ERROR = 1;
    public static final byte ST_PARTIAL = 2;
    public static final byte ST_CHUNK = 3;
    public static final byte ST_END = 4;

    // Value tags.
    public static final byte T_NULL = 0;
    public static final byte T_BOOL = 1;
    public static final byte T_BYTE = 2;
    public static final byte T_SHORT = 3;
    public static final byte T_INT = 4;
    public static final byte T_LONG = 5;
    public static final byte T_FLOAT = 6;
    public static final byte T_DOUBLE = 7;
    public static final byte T_CHAR = 8;
    public static final byte T_STRING = 9;
    public static final byte T_BYTES = 10;
    public static final byte T_UUID = 11;
    public static final byte T_DATE = 12;
    public static final byte T_TIMESTAMP = 13;
    public static final byte T_DECIMAL = 14;
    public static final byte T_OBJECT = 15;
    public static final byte T_LIST = 16;
    public static final byte T_SET = 17;
    public static final byte T_MAP = 18;

    /**
     * Flag of a declared field tag: the field is an Ignite array of the flagged element type
     * ({@code ARRAY_OF | T_STRING} = String[], {@code ARRAY_OF | T_LONG} = long[]); its value
     * travels as a LIST.
     */
    public static final byte ARRAY_OF = (byte) 0x80;

    private Protocol() {}

    /** A tag's name, for messages. */
    public static String tagName(int tag) {
        if ((tag & ARRAY_OF) != 0) return tagName(tag & 0x7f) + "[]";
        switch (tag) {
            case T_NULL: return "null";
            case T_BOOL: return "boolean";
            case T_BYTE: return "byte";
            case T_SHORT: return "short";
            case T_INT: return "int";
            case T_LONG: return "long";
            case T_FLOAT: return "float";
            case T_DOUBLE: return "double";
            case T_CHAR: return "char";
            case T_STRING: return "String";
            case T_BYTES: return "byte[]";
            case T_UUID: return "UUID";
            case T_DATE: return "Date";
            case T_TIMESTAMP: return "Timestamp";
            case T_DECIMAL: return "decimal";
            case T_OBJECT: return "binary object";
            case T_LIST: return "List";
            case T_SET: return "Set";
            case T_MAP: return "Map";
            default: return "tag " + tag;
        }
    }
}
