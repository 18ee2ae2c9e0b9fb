package io.kafkaclone.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.DefaultRecordsSend;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordsSend;
import org.apache.kafka.common.record.internal.TransferableRecords;

/**
 * A partition's fetched batches as ranges of the stored rows they lie in. A fetch of a megabyte
 * usually spans several rows; instead of copying those ranges into one buffer first, the response
 * serialiser (kafka-clients' {@code SendBuilder}, see {@link KafkaCodec#serializeResponse}) hands
 * them to the socket as they are, the way Kafka's broker sends log segments.
 */
final class SlicedRecords implements TransferableRecords {
    private final ByteBuffer[] ranges;
    private final int size;

    private SlicedRecords(ByteBuffer[] ranges, int size) {
        this.ranges = ranges;
        this.size = size;
    }

    /** No range: empty; one range: plain MemoryRecords over it (no copy either way). */
    static BaseRecords of(List<ByteBuffer> ranges) {
        if (ranges.isEmpty()) {
            return MemoryRecords.EMPTY;
        }
        if (ranges.size() == 1) {
            return MemoryRecords.readableRecords(ranges.get(0).slice());
        }
        ByteBuffer[] views = new ByteBuffer[ranges.size()];
        int size = 0;
        for (int i = 0; i < views.length; i++) {
            views[i] = ranges.get(i).slice();
            size += views[i].remaining();
        }
        return new SlicedRecords(views, size);
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        return new DefaultRecordsSend<>(this);
    }

    /** Writes {@code length} bytes from {@code position} on, as one gathering write of views (the ranges stay untouched). */
    @Override
    public int writeTo(TransferableChannel channel, int position, int length) throws IOException {
        ByteBuffer[] out = new ByteBuffer[ranges.length];
        int count = 0;
        int skip = position;
        int left = length;
        for (ByteBuffer range : ranges) {
            if (left == 0) {
                break;
            }
            if (skip >= range.remaining()) {
                skip -= range.remaining();
                continue;
            }
            ByteBuffer view = range.duplicate();
            view.position(view.position() + skip);
            skip = 0;
            if (view.remaining() > left) {
                view.limit(view.position() + left);
            }
            left -= view.remaining();
            out[count++] = view;
        }
        return (int) channel.write(out, 0, count);
    }

    /** All ranges copied into one buffer (for checks; the fetch path never copies). */
    MemoryRecords copied() {
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer range : ranges) {
            all.put(range.duplicate());
        }
        return MemoryRecords.readableRecords(all.flip());
    }
}
