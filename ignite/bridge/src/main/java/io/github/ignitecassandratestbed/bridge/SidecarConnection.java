package io.github.ignitecassandratestbed.bridge;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.github.ignitecassandratestbed.bridge.Protocol.*;

/**
 * One Unix-domain-socket connection to a sidecar, multiplexing many concurrent calls by request id:
 * callers hand frames to a writer thread through a bounded queue, a reader thread routes each
 * response to its waiting caller (or stream). When the connection breaks, every waiting call fails
 * at once with an {@code Unavailable} error; the owner ({@link SidecarClient}) opens a new one on
 * the next call.
 */
final class SidecarConnection {
    /** Receives the frames addressed to one request id. */
    interface Pending {
        /** A frame for this request; returns true when it was the last one. */
        boolean onFrame(Response response);

        /** The connection broke before the last frame arrived. */
        void onClosed(SidecarException cause);
    }

    private static final class Call implements Pending {
        final CompletableFuture<Response> future = new CompletableFuture<>();

        @Override public boolean onFrame(Response response) {
            future.complete(response);
            return true;
        }

        @Override public void onClosed(SidecarException cause) {
            future.completeExceptionally(cause);
        }
    }

    private final String socketPath;
    private final SocketChannel channel;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<ByteBuffer> outbox;
    private final Thread reader;
    private final Thread writer;
    private volatile SidecarException closed;
    private volatile String instance = "";
    private volatile String sidecarName = "";

    private SidecarConnection(String socketPath, SocketChannel channel, int outboxCapacity) {
        this.socketPath = socketPath;
        this.channel = channel;
        this.outbox = new LinkedBlockingQueue<>(outboxCapacity);
        this.reader = new Thread(this::readLoop, "ts-store-bridge-reader");
        this.writer = new Thread(this::writeLoop, "ts-store-bridge-writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    /**
     * Connects and shakes hands (protocol version check), within {@code timeoutMs}.
     *
     * @throws SidecarException {@code Unavailable} when nothing listens on the socket
     */
    static SidecarConnection open(String socketPath, String clientName, int outboxCapacity, long timeoutMs) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new SidecarException("Unavailable", "cannot open a Unix domain socket: " + e.getMessage(), e);
        }
        try {
            // A Unix-socket connect completes or fails at once (ENOENT, ECONNREFUSED): no wait to bound.
            channel.connect(UnixDomainSocketAddress.of(socketPath));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new SidecarException("Unavailable", "the TypeScript store sidecar is not reachable at "
                + socketPath + " (" + e + "); is it running? Its log is sidecar.log beside the socket.", e);
        }
        SidecarConnection c = new SidecarConnection(socketPath, channel, outboxCapacity);
        c.reader.start();
        c.writer.start();
        try {
            WireWriter hello = WireWriter.frame(OP_HELLO, 0).u16(VERSION).str(clientName);
            Response r = c.await(0, c.submit(0, hello.finish(), hello.size(), timeoutMs), timeoutMs, "handshake");
            if (r.status() != ST_OK) {
                WireReader rd = r.reader();
                String kind = rd.str();
                throw new SidecarException(kind, "the sidecar at " + socketPath + " refused the handshake: " + rd.str());
            }
            WireReader rd = r.reader();
            int version = rd.u16();
            if (version != VERSION) {
                throw new SidecarException("ProtocolError", "the sidecar at " + socketPath + " speaks protocol "
                    + version + ", this bridge " + VERSION + "; rebuild both from the same checkout");
            }
            c.sidecarName = rd.str();
            c.instance = rd.str();
            return c;
        } catch (RuntimeException e) {
            c.close(e instanceof SidecarException s ? s : new SidecarException("Unavailable", e.toString(), e));
            throw e;
        }
    }

    /** The sidecar process this connection talks to (a new id after every sidecar restart). */
    String instance() {
        return instance;
    }

    String sidecarName() {
        return sidecarName;
    }

    boolean isOpen() {
        return closed == null;
    }

    /** Queues a request frame and returns the future of its (single) response. */
    CompletableFuture<Response> submit(int id, byte[] frame, int length, long timeoutMs) {
        Call call = new Call();
        register(id, call);
        enqueue(id, frame, length, timeoutMs);
        return call.future;
    }

    /** Registers a receiver of several frames (a stream) before its request is sent. */
    void register(int id, Pending p) {
        SidecarException c = closed;
        if (c != null) throw c;
        pending.put(id, p);
        // The connection may have closed between the check and the put: fail the receiver then.
        c = closed;
        if (c != null && pending.remove(id) != null) p.onClosed(c);
    }

    /**
     * Queues the first {@code length} bytes of a frame (the writer's buffer, not copied), waiting at
     * most {@code timeoutMs} for room (the writer is stuck otherwise).
     */
    void enqueue(int id, byte[] frame, int length, long timeoutMs) {
        try {
            if (!outbox.offer(ByteBuffer.wrap(frame, 0, length), timeoutMs, TimeUnit.MILLISECONDS)) {
                forget(id);
                throw new SidecarException("Timeout", "the connection to the sidecar at " + socketPath
                    + " accepted no request for " + timeoutMs + " ms (the sidecar is not reading)");
            }
        } catch (InterruptedException e) {
            forget(id);
            Thread.currentThread().interrupt();
            throw new SidecarException("Interrupted", "interrupted while sending to the sidecar", e);
        }
    }

    /** Drops the receiver of a request that timed out or was cancelled; a late answer is ignored. */
    void forget(int id) {
        pending.remove(id);
    }

    /** Waits for a response; on timeout the request is forgotten. */
    Response await(int id, CompletableFuture<Response> f, long timeoutMs, String what) {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            forget(id);
            throw new SidecarException("Timeout", "the sidecar at " + socketPath + " did not answer " + what
                + " within " + timeoutMs + " ms; its outcome is unknown (see the sidecar's log)");
        } catch (InterruptedException e) {
            forget(id);
            Thread.currentThread().interrupt();
            throw new SidecarException("Interrupted", "interrupted while waiting for the sidecar", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SidecarException s) throw new SidecarException(s.kind(), s.getMessage(), s);
            throw new SidecarException("Unavailable", String.valueOf(cause), cause);
        }
    }

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
            for (;;) {
                int length = in.readInt();
                if (length < 5 || length > MAX_FRAME_BYTES) {
                    throw new SidecarException("ProtocolError", "the sidecar sent a frame of " + length + " bytes");
                }
                byte[] frame = new byte[length];
                in.readFully(frame);
                int id = ((frame[1] & 0xff) << 24) | ((frame[2] & 0xff) << 16) | ((frame[3] & 0xff) << 8) | (frame[4] & 0xff);
                Pending p = pending.get(id);
                if (p != null && p.onFrame(new Response(frame[0], frame, 5, length, instance))) pending.remove(id);
            }
        } catch (EOFException e) {
            close(new SidecarException("Unavailable", "the sidecar at " + socketPath + " closed the connection"));
        } catch (SidecarException e) {
            close(e);
        } catch (IOException | RuntimeException e) {
            close(new SidecarException("Unavailable", "the connection to the sidecar at " + socketPath + " broke: " + e, e));
        }
    }

    private void writeLoop() {
        List<ByteBuffer> batch = new ArrayList<>();
        try {
            for (;;) {
                batch.add(outbox.take());
                outbox.drainTo(batch, 255);
                // One gathering write for everything queued meanwhile: fewer syscalls under load.
                ByteBuffer[] array = batch.toArray(new ByteBuffer[0]);
                long left = 0;
                for (ByteBuffer b : array) left += b.remaining();
                while (left > 0) left -= channel.write(array);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            close(new SidecarException("Unavailable", "writing to the sidecar at " + socketPath + " failed: " + e, e));
        }
    }

    /** Closes the socket and fails every waiting call with {@code cause}. Idempotent. */
    void close(SidecarException cause) {
        synchronized (this) {
            if (closed != null) return;
            closed = cause;
        }
        closeQuietly(channel);
        writer.interrupt();
        for (Integer id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) p.onClosed(cause);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing a broken socket: nothing more to do with it.
        }
    }
}
