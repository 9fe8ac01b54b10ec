package io.github.ignitecassandratestbed.bridge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * Shared codec test vectors, Java side (test/unit/ignite/codec-vectors.test.ts holds the TS side,
 * test/fixtures/bridge-codec-vectors.json the bytes):
 * {@code encode} prints "name hex" for every vector as the Java encoder writes it;
 * {@code roundtrip} reads "name hex" lines, decodes each and prints it encoded again.
 */
public final class CodecVectors {
    private CodecVectors() {}

    static Map<String, Object> vectors() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("null", null);
        v.put("bool-true", true);
        v.put("byte-neg", (byte) -5);
        v.put("short", (short) 1234);
        v.put("int-neg", -123456789);
        v.put("long-min", Long.MIN_VALUE);
        v.put("long-one", 1L);
        v.put("float", 3.5f);
        v.put("double", -0.1);
        v.put("char", 'é');
        v.put("string-unicode", "héllo ✓ \uD834\uDD1E");
        v.put("string-empty", "");
        v.put("bytes", new byte[] {0, 1, (byte) 0xff});
        v.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        v.put("date", new Date(1700000000123L));
        Timestamp ts = new Timestamp(1700000000123L);
        ts.setNanos(ts.getNanos() + 456789);
        v.put("timestamp-nanos", ts);
        v.put("decimal-neg", new BigDecimal("-12.340"));
        v.put("decimal-zero", new BigDecimal("0"));
        v.put("decimal-neg-scale", new BigDecimal("1E+3"));
        v.put("decimal-big", new BigDecimal("123456789012345678901234567890.5"));
        v.put("biginteger", BigInteger.TWO.pow(70));
        List<Object> list = new ArrayList<>(Arrays.asList(1, "a", null));
        v.put("list", list);
        v.put("set", new LinkedHashSet<>(List.of("x", "y")));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("a", 1L);
        map.put("b", 2L);
        v.put("map", map);
        Map<String, WireObject.Field> address = new LinkedHashMap<>();
        address.put("city", new WireObject.Field(T_STRING, "Oslo"));
        Map<String, WireObject.Field> person = new LinkedHashMap<>();
        person.put("id", new WireObject.Field(T_LONG, 7L));
        person.put("name", new WireObject.Field(T_STRING, "Ann"));
        person.put("tags", new WireObject.Field(T_LIST, new ArrayList<>(List.of("p", "q"))));
        person.put("scores", new WireObject.Field((byte) (ARRAY_OF | T_LONG), new ArrayList<>(List.of(1L, 2L))));
        person.put("address", new WireObject.Field(T_OBJECT, new WireObject("com.acme.Address", address)));
        person.put("age", new WireObject.Field(T_INT, null));
        person.put("note", new WireObject.Field(T_NULL, "free"));
        v.put("object", new WireObject("com.acme.Person", person));
        return v;
    }

    /** Request frames of coalesced calls, as the bridge writes them. */
    static Map<String, byte[]> frames() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        WireWriter w = WireWriter.frame(OP_WRITE_MULTI, 7).str("kv").i32(2);
        for (byte[] e : List.of(WireWriter.bare().value(1L).value("a").toByteArray(),
            WireWriter.bare().value(2L).value("b").toByteArray())) {
            w.raw(e, 0, e.length);
        }
        f.put("write-multi", Arrays.copyOf(w.finish(), w.size()));
        w = WireWriter.frame(OP_LOAD_MULTI, 8).str("kv").i32(2).value(1L).value(1L);
        f.put("load-multi", Arrays.copyOf(w.finish(), w.size()));
        w = WireWriter.frame(OP_DELETE_MULTI, 9).str("kv").i32(1).value("k");
        f.put("delete-multi", Arrays.copyOf(w.finish(), w.size()));
        return f;
    }

    public static void main(String[] args) throws Exception {
        HexFormat hex = HexFormat.of();
        if (args.length == 1 && args[0].equals("encode")) {
            for (Map.Entry<String, Object> e : vectors().entrySet()) {
                System.out.println(e.getKey() + " " + hex.formatHex(WireWriter.bare().value(e.getValue()).toByteArray()));
            }
            return;
        }
        if (args.length == 1 && args[0].equals("roundtrip")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] parts = line.trim().split(" ");
                byte[] bytes = hex.parseHex(parts[1]);
                WireReader r = new WireReader(bytes, 0, bytes.length);
                Object value = r.value();
                if (r.remaining() != 0) throw new IllegalStateException(parts[0] + ": " + r.remaining() + " bytes left over");
                System.out.println(parts[0] + " " + hex.formatHex(WireWriter.bare().value(value).toByteArray()));
            }
            return;
        }
        if (args.length == 1 && args[0].equals("frames")) {
            for (Map.Entry<String, byte[]> e : frames().entrySet()) System.out.println(e.getKey() + " " + hex.formatHex(e.getValue()));
            return;
        }
        if (args.length == 2 && args[0].equals("answer")) {
            // A LOAD_MULTI answer (as the sidecar writes it), read as the coalescer reads it.
            byte[] frame = hex.parseHex(args[1]);
            WireReader r = new WireReader(frame, 9, frame.length);
            if (frame[4] != ST_OK) throw new IllegalStateException("status " + frame[4]);
            List<String> out = new ArrayList<>();
            for (Object o : Coalescer.outcomes(r, 3, true)) {
                out.add(o instanceof SidecarException ex ? "error " + ex.kind() + ": " + ex.getMessage() : "ok " + o);
            }
            if (r.remaining() != 0) throw new IllegalStateException(r.remaining() + " bytes left over");
            System.out.println(String.join(" | ", out));
            return;
        }
        System.err.println("usage: CodecVectors encode | roundtrip < lines | frames | answer <hex>");
        System.exit(2);
    }
}
