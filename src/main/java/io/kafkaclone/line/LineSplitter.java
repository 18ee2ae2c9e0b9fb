package io.kafkaclone.line;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * Cuts a connection's byte stream into lines ({@code \n}-terminated, the terminator not included) and
 * hands each to the handler as a range of an array, valid only during the call.
 *
 * <p>Why not Vert.x's {@code RecordParser}: it reads the stream one byte at a time through bounds-checked
 * {@code Buffer.getByte} calls and copies every line into a buffer of its own; a CPU profile of a pipelined
 * publish run put 10 % of the event loop in that scan (docs/performance.md). Here a line that lies wholly
 * inside one socket read is handed over where it lies; only a line cut by the end of a read is copied, into
 * a carry-over array, until its newline arrives. A read in Netty's direct memory (door.SocketReads) is
 * copied once into an array kept for the connection, not into a new one per read.
 */
final class LineSplitter {
    interface Lines {
        void line(byte[] array, int start, int end);
    }

    private static final int KEPT_CARRY_OVER_BYTES = 64 * 1024;

    private final int maxLineBytes;
    private final Lines lines;
    private final Runnable tooLong;
    private byte[] pending = new byte[256];
    /** Where a direct buffer's bytes are read into (sized by the largest read so far; Netty reads at most 64 KiB at a time). */
    private byte[] scratch = new byte[0];
    private int pendingLength;
    private boolean failed;

    /** {@code tooLong} runs once when a line exceeds {@code maxLineBytes}; nothing more is read after it. */
    LineSplitter(int maxLineBytes, Lines lines, Runnable tooLong) {
        this.maxLineBytes = maxLineBytes;
        this.lines = lines;
        this.tooLong = tooLong;
    }

    /** Reads all of {@code in} (nothing of it is kept after the call): whole lines go to the handler, a cut one waits. */
    void handle(ByteBuf in) {
        byte[] array;
        int position;
        int limit;
        if (in.hasArray()) {
            array = in.array();
            position = in.arrayOffset() + in.readerIndex();
            limit = position + in.readableBytes();
        } else {
            int length = in.readableBytes();
            if (scratch.length < length) {
                scratch = new byte[length];
            }
            in.getBytes(in.readerIndex(), scratch, 0, length);
            array = scratch;
            position = 0;
            limit = length;
        }
        while (position < limit && !failed) {
            int newline = indexOfNewline(array, position, limit);
            if (newline < 0) {
                keep(array, position, limit);
                return;
            }
            if (pendingLength > 0) {
                keep(array, position, newline);
                if (failed) {
                    return;
                }
                int length = pendingLength;
                pendingLength = 0;
                lines.line(pending, 0, length);
                if (pending.length > KEPT_CARRY_OVER_BYTES) {
                    pending = new byte[256]; // one long line does not pin up to maxLineBytes for the connection's life
                }
            } else if (newline - position > maxLineBytes) {
                fail();
                return;
            } else {
                lines.line(array, position, newline);
            }
            position = newline + 1;
        }
    }

    private static int indexOfNewline(byte[] array, int from, int to) {
        for (int i = from; i < to; i++) {
            if (array[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Adds the start of a line to the carry-over; a line already longer than allowed fails here, before its newline. */
    private void keep(byte[] array, int from, int to) {
        int length = to - from;
        if (pendingLength + length > maxLineBytes) {
            fail();
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(Math.max(pending.length * 2, pendingLength + length), maxLineBytes));
        }
        System.arraycopy(array, from, pending, pendingLength, length);
        pendingLength += length;
    }

    private void fail() {
        failed = true;
        pendingLength = 0;
        tooLong.run();
    }
}
