package io.github.ignitecassandratestbed.bridge;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * The bridge's connection against a fake sidecar in this JVM (run by
 * test/integration/ignite/bridge-connection.test.ts): frames stay whole when the socket is full,
 * answers larger than the read buffer arrive whole, an interrupted caller does not break the shared
 * connection, and a sidecar that stops reading makes calls fail with {@code Timeout} within their
 * deadline. Prints "ok &lt;check&gt;" per check; exits 1 at the first failure.
 */
public final class ConnectionChecks {
    private ConnectionChecks() {}

    /** What the fake sidecar does after the handshake. */
    private enum Mode { ECHO, STALL }

    /** A fake sidecar on a fresh socket: answers HELLO, then echoes each body or stops reading. */
    private static final class FakeSidecar implements AutoCloseable {
        final Path socket;
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocketChannel server;
        private final Mode mode;
        private final List<SocketChannel> open = new ArrayList<>();

        FakeSidecar(Mode mode) throws IOException {
            this.mode = mode;
            Path dir = Files.createTempDirectory("bridge-checks");
            socket = dir.resolve("sidecar.sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(this::acceptLoop, "fake-sidecar");
            t.setDaemon(true);
            t.start();
        }

        private void acceptLoop() {
            try {
                for (;;) {
                    SocketChannel ch = server.accept();
                    accepted.incrementAndGet();
                    synchronized (open) {
                        open.add(ch);
                    }
                    Thread t = new Thread(() -> serve(ch), "fake-sidecar-conn");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                // Closed by close().
            }
        }

        private void serve(SocketChannel ch) {
            try {
                DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
                for (;;) {
                    int length = in.readInt();
                    byte[] frame = new byte[length];
                    in.readFully(frame);
                    int id = ByteBuffer.wrap(frame, 1, 4).getInt();
                    WireWriter w = WireWriter.frame(ST_OK, id);
                    if (frame[0] == OP_HELLO) {
                        w.u16(VERSION).str("fake").str("fake-instance").i32(0);
                    } else {
                        if (mode == Mode.STALL) {
                            Thread.sleep(Long.MAX_VALUE); // never reads again
                        }
                        w.blob(Arrays.copyOfRange(frame, 5, length));
                    }
                    byte[] out = w.finish();
                    ByteBuffer b = ByteBuffer.wrap(out, 0, w.size());
                    while (b.hasRemaining()) ch.write(b);
                }
            } catch (IOException | InterruptedException e) {
                // The bridge closed the connection, or the check is over.
            }
        }

        @Override public void close() throws IOException {
            server.close();
            synchronized (open) {
                for (SocketChannel ch : open) ch.close();
            }
            Files.deleteIfExists(socket);
        }
    }

    private static int clients;

    private static SidecarClient client(FakeSidecar fake, int maxInFlight) {
        return SidecarClient.forSocket(fake.socket.toString(), "checks-" + (++clients), maxInFlight, 2_000);
    }

    /** A request body: {@code size} bytes, different for every (thread, call). */
    private static byte[] body(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) (seed * 31 + i);
        return b;
    }

    private static void expectEcho(SidecarClient c, byte[] body, String what) {
        Response r = c.call(OP_HEALTH, w -> w.blob(body), 10_000, what);
        byte[] got = r.reader().blob();
        // The fake echoes the whole request body: the u32 length of our blob, then its bytes.
        byte[] sent = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
        if (!Arrays.equals(got, sent)) fail(what + ": the answer differs from the request");
    }

    private static void fail(String message) {
        System.out.println("FAIL " + message);
        System.exit(1);
    }

    /** Many callers, frames far larger than the socket buffer: partial writes must keep frames whole. */
    static void concurrentLargeFrames() throws Exception {
        try (FakeSidecar fake = new FakeSidecar(Mode.ECHO)) {
            SidecarClient c = client(fake, 64);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                calls.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        int size = i % 10 == 0 ? 700_000 + thread : 20 + (i % 7);
                        expectEcho(c, body(size, thread * 1000 + i), "call " + i + " of thread " + thread);
                    }
                    return null;
                }));
            }
            for (Future<?> f : calls) f.get(120, TimeUnit.SECONDS);
            pool.shutdown();
            if (fake.accepted.get() != 1) fail("the bridge reconnected " + (fake.accepted.get() - 1) + " times");
        }
        System.out.println("ok concurrent-large-frames");
    }

    /** An interrupted caller gets Interrupted; the shared connection lives on. */
    static void interruptedCaller() throws Exception {
        try (FakeSidecar fake = new FakeSidecar(Mode.ECHO)) {
            SidecarClient c = client(fake, 8);
            expectEcho(c, body(10, 1), "the first call");
            for (int i = 0; i < 50; i++) {
                Thread.currentThread().interrupt();
                try {
                    c.call(OP_HEALTH, w -> w.blob(body(100_000, 2)), 10_000, "an interrupted call");
                    if (!Thread.interrupted()) fail("the interrupt flag was lost");
                } catch (SidecarException e) {
                    if (!e.kind().equals("Interrupted")) fail("an interrupted call failed with " + e.kind());
                    Thread.interrupted();
                }
            }
            expectEcho(c, body(10, 3), "the call after the interrupts");
            if (fake.accepted.get() != 1) {
                fail("interrupted callers broke the shared connection (" + fake.accepted.get() + " connections)");
            }
        }
        System.out.println("ok interrupted-caller");
    }

    /** A sidecar that stops reading: every call ends with Timeout within its deadline (plus slack). */
    static void stalledSidecar() throws Exception {
        try (FakeSidecar fake = new FakeSidecar(Mode.STALL)) {
            SidecarClient c = client(fake, 8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<String>> calls = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                calls.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    try {
                        c.call(OP_HEALTH, w -> w.blob(body(300_000, 4)), 500, "a call to a stalled sidecar");
                        return "answered";
                    } catch (SidecarException e) {
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                        return ms > 2_500 ? "took " + ms + " ms" : e.kind();
                    }
                }));
            }
            for (Future<String> f : calls) {
                String outcome = f.get(30, TimeUnit.SECONDS);
                if (!outcome.equals("Timeout")) fail("a call to a stalled sidecar: " + outcome + ", not Timeout");
            }
            pool.shutdownNow();
        }
        System.out.println("ok stalled-sidecar");
    }

    public static void main(String[] args) throws Exception {
        concurrentLargeFrames();
        interruptedCaller();
        stalledSidecar();
        System.exit(0);
    }
}
