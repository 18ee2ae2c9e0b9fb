package io.kafkaclone.kafka;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;

/**
 * Cuts a connection's byte stream into Kafka frames (a 4-byte size, then that many bytes), each
 * delivered as a heap buffer over an array of its own.
 *
 * <p>Why not Vert.x's {@code RecordParser}: it appends every socket read to a growing buffer, copies
 * each frame out of it and then copies the rest down, so a 64 KiB produce request crossed memory three
 * or four times before a handler saw it (a CPU profile of a 1 KiB produce run put a third of the event
 * loop there, docs/performance.md). Here the size is read first and the frame's array allocated once at
 * that size; socket bytes are copied into it exactly once. The array is the request's alone, so the
 * produce path can keep the records in it instead of copying them out.
 */
final class FrameReader {
    /** Told of a size that cannot be a frame; nothing more is read after it. */
    interface BadSize {
        void rejected(int size);
    }

    private final int maxFrameBytes;
    private final Consumer<ByteBuffer> frames;
    private final BadSize badSize;
    private final byte[] sizeBytes = new byte[4];
    private int sizeFilled;
    private byte[] frame;
    private int frameFilled;
    private boolean failed;

    FrameReader(int maxFrameBytes, Consumer<ByteBuffer> frames, BadSize badSize) {
        this.maxFrameBytes = maxFrameBytes;
        this.frames = frames;
        this.badSize = badSize;
    }

    /**
     * Reads all of {@code in} (a socket read, Netty's buffer: nothing of it is kept); whole frames go to the handler
     * as they complete, a partial one waits for more.
     */
    void handle(ByteBuf in) {
        while (in.isReadable() && !failed) {
            if (frame == null) {
                int n = Math.min(4 - sizeFilled, in.readableBytes());
                in.readBytes(sizeBytes, sizeFilled, n);
                sizeFilled += n;
                if (sizeFilled < 4) {
                    return;
                }
                sizeFilled = 0;
                int size = ByteBuffer.wrap(sizeBytes).getInt();
                if (size <= 0 || size > maxFrameBytes) {
                    failed = true;
                    badSize.rejected(size);
                    return;
                }
                frame = new byte[size];
                frameFilled = 0;
            }
            int n = Math.min(frame.length - frameFilled, in.readableBytes());
            in.readBytes(frame, frameFilled, n);
            frameFilled += n;
            if (frameFilled == frame.length) {
                byte[] done = frame;
                frame = null;
                frames.accept(ByteBuffer.wrap(done));
            }
        }
    }
}
