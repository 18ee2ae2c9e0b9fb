package io.kafkaclone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;

/** Cutting a byte stream into size-prefixed frames, however the socket splits it. */
class FrameReaderTest {
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Integer> rejected = new ArrayList<>();
    private final FrameReader reader = new FrameReader(100, frame -> frames.add(whole(frame)), rejected::add);

    /** The frame's bytes; also checks that the frame is an array of its own, which the produce path relies on. */
    private static byte[] whole(ByteBuffer frame) {
        assertThat(frame.hasArray()).isTrue();
        assertThat(frame.arrayOffset()).isZero();
        assertThat(frame.position()).isZero();
        assertThat(frame.remaining()).isEqualTo(frame.array().length);
        return frame.array();
    }

    private static byte[] stream(byte[]... bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] body : bodies) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(0, body.length).array());
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] body(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    @Test
    void everySplitOfTheStreamGivesTheSameFrames() {
        byte[] a = body(1, 1);
        byte[] b = body(37, 2);
        byte[] c = body(100, 3);
        byte[] bytes = stream(a, b, c);
        for (int first = 0; first <= bytes.length; first++) {
            for (int second = first; second <= bytes.length; second += 7) {
                frames.clear();
                reader.handle(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 0, first)));
                reader.handle(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, first, second)));
                reader.handle(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, second, bytes.length)));
                assertThat(frames).as("split at %d and %d", first, second).containsExactly(a, b, c);
            }
        }
        assertThat(rejected).isEmpty();
    }

    @Test
    void aByteAtATime() {
        byte[] bytes = stream(body(5, 9), body(64, 4));
        for (byte x : bytes) {
            reader.handle(Unpooled.wrappedBuffer(new byte[] { x }));
        }
        assertThat(frames).containsExactly(body(5, 9), body(64, 4));
    }

    @Test
    void aSizeThatCannotBeAFrameIsRejectedAndNothingAfterItIsRead() {
        byte[] good = stream(body(3, 1));
        byte[] tooBig = ByteBuffer.allocate(4).putInt(0, 101).array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(good);
        out.writeBytes(tooBig);
        out.writeBytes(stream(body(3, 2)));
        reader.handle(Unpooled.wrappedBuffer(out.toByteArray()));
        reader.handle(Unpooled.wrappedBuffer(stream(body(3, 3))));
        assertThat(frames).containsExactly(body(3, 1));
        assertThat(rejected).containsExactly(101);
    }

    @Test
    void zeroAndNegativeSizesAreRejected() {
        FrameReader zero = new FrameReader(100, frame -> frames.add(whole(frame)), rejected::add);
        zero.handle(Unpooled.wrappedBuffer(new byte[] { 0, 0, 0, 0 }));
        FrameReader negative = new FrameReader(100, frame -> frames.add(whole(frame)), rejected::add);
        negative.handle(Unpooled.wrappedBuffer(new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe }));
        assertThat(frames).isEmpty();
        assertThat(rejected).containsExactly(0, -2);
    }
}
