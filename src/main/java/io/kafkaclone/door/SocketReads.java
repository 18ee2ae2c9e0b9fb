package io.kafkaclone.door;

import java.util.ArrayDeque;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * A socket's bytes as Netty read them, each read handed to the reader and released after it, with
 * pause and resume of its own.
 *
 * <p>Why not {@code NetSocket.handler}: Vert.x copies every read out of Netty's pooled direct buffer
 * into a new heap buffer first ({@code VertxHandler.safeBuffer}), so that a handler may keep it. A
 * door that cuts the bytes into requests copies them once more anyway (into a request's own array),
 * so the first copy and its allocation were pure cost: 7-10 % of the event loop in 1 KiB produce
 * profiles, and a heap array for every byte received (docs/performance.md, "Ninth session"). Here the
 * reader sees the pooled buffer itself and must not keep it past its call.
 *
 * <p>Flow control is the channel's auto-read flag, as Vert.x's own pause: while paused, Netty reads no
 * more, and what it read before noticing is held (still pooled) and handed over, in order, on resume.
 * Runs on the connection's event loop only.
 */
public final class SocketReads {
    /** Turns the channel's reading on or off. */
    interface AutoRead {
        void set(boolean on);
    }

    private final Consumer<ByteBuf> reader;
    private final AutoRead autoRead;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private boolean paused;
    /** The channel's auto-read is off (set by pause, cleared once the reads held meanwhile are handed over). */
    private boolean readingOff;
    private boolean delivering;
    private boolean closed;

    SocketReads(Consumer<ByteBuf> reader, AutoRead autoRead) {
        this.reader = reader;
        this.autoRead = autoRead;
    }

    /**
     * Takes over the socket's reads: {@code reader} gets each read from now on (and the socket's own
     * {@code handler}, {@code pause} and {@code resume} no longer apply). Call {@link #close()} when the
     * socket closes.
     */
    public static SocketReads attach(NetSocket socket, Consumer<ByteBuf> reader) {
        NetSocketInternal internal = (NetSocketInternal) socket;
        SocketReads reads = new SocketReads(reader, on -> internal.channelHandlerContext().channel().config().setAutoRead(on));
        internal.messageHandler(reads::received);
        return reads;
    }

    /** A message from the channel: a read's bytes, held while paused. */
    void received(Object message) {
        if (closed || !(message instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(message);
            return;
        }
        held.add(bytes);
        deliver();
    }

    /** Stops reading; the reader gets nothing more until {@link #resume()}. */
    public void pause() {
        if (!paused && !closed) {
            paused = true;
            if (!readingOff) {
                readingOff = true;
                autoRead.set(false);
            }
        }
    }

    public void resume() {
        if (paused && !closed) {
            paused = false;
            deliver();
        }
    }

    /** Releases what is still held; nothing is delivered after this. */
    public void close() {
        closed = true;
        ByteBuf bytes;
        while ((bytes = held.poll()) != null) {
            bytes.release();
        }
    }

    /**
     * Hands the held reads over in order until paused. A reader that pauses and resumes from inside its own
     * call (a request answered at once) only flips the flag: the loop already running carries on, so reads
     * never overtake each other.
     */
    private void deliver() {
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            while (!paused && !closed && !held.isEmpty()) {
                ByteBuf bytes = held.poll();
                try {
                    reader.accept(bytes);
                } finally {
                    bytes.release();
                }
            }
        } finally {
            delivering = false;
        }
        if (readingOff && !paused && !closed) {
            readingOff = false;
            autoRead.set(true);
        }
    }
}
