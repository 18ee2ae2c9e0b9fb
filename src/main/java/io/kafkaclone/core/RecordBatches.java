package io.kafkaclone.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The log's storage format is Kafka's own v2 record batch, built and read with kafka-clients, so a
 * Kafka Fetch can return stored bytes unchanged. This class is the one place that encodes, decodes
 * and renumbers batches.
 */
public final class RecordBatches {
    private RecordBatches() {
    }

    /** Encodes records as one uncompressed batch whose offsets start at {@code baseOffset}. */
    public static byte[] encode(List<Record> records, long baseOffset, long now) {
        int estimate = 128;
        for (Record r : records) {
            estimate += r.sizeInBytes() + 64 + r.headers().size() * 16;
        }
        ByteBuffer buffer = ByteBuffer.allocate(estimate);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE,
                TimestampType.CREATE_TIME, baseOffset);
        long offset = baseOffset;
        for (Record r : records) {
            org.apache.kafka.common.header.Header[] headers = new org.apache.kafka.common.header.Header[r.headers().size()];
            for (int i = 0; i < headers.length; i++) {
                Header h = r.headers().get(i);
                headers[i] = new RecordHeader(h.key(), h.value());
            }
            builder.appendWithOffset(offset++, r.timestamp() < 0 ? now : r.timestamp(), r.key(), r.value(), headers);
        }
        MemoryRecords built = builder.build();
        ByteBuffer out = built.buffer();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /**
     * Encodes stored records as one uncompressed batch keeping their offsets (minus {@code origin})
     * and timestamps; offsets must increase, gaps between them are kept. Used to restore a snapshot.
     */
    public static byte[] encodeAt(List<StoredRecord> records, long origin) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE,
                TimestampType.CREATE_TIME, records.get(0).offset() - origin);
        for (StoredRecord r : records) {
            org.apache.kafka.common.header.Header[] headers = new org.apache.kafka.common.header.Header[r.headers().size()];
            for (int i = 0; i < headers.length; i++) {
                Header h = r.headers().get(i);
                headers[i] = new RecordHeader(h.key(), h.value());
            }
            builder.appendWithOffset(r.offset() - origin, r.timestamp(), r.key(), r.value(), headers);
        }
        ByteBuffer out = builder.build().buffer();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /**
     * Shifts every batch in {@code payload} by {@code delta} offsets, in place. The base offset is
     * outside the batch CRC, so this costs no re-encoding.
     */
    public static void shiftOffsets(byte[] payload, long delta) {
        shiftOffsets(payload, 0, payload.length, delta);
    }

    /** Shifts the batches in {@code payload[from, from + length)} by {@code delta} offsets, in place. */
    public static void shiftOffsets(byte[] payload, int from, int length, long delta) {
        if (delta == 0) {
            return;
        }
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(ByteBuffer.wrap(payload, from, length).slice()).batches()) {
            batch.setLastOffset(batch.lastOffset() + delta);
        }
    }

    /** Reads the offset range, record count and newest timestamp of a run of batches. */
    public static StoredChunk describe(byte[] payload) {
        long base = -1;
        long last = -1;
        long maxTimestamp = -1;
        int count = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(ByteBuffer.wrap(payload)).batches()) {
            if (base < 0) {
                base = batch.baseOffset();
            }
            last = batch.lastOffset();
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            Integer n = batch.countOrNull();
            count += n == null ? (int) (batch.lastOffset() - batch.baseOffset() + 1) : n;
        }
        return new StoredChunk(base, last, count, maxTimestamp, payload);
    }

    /** Decodes the records of a chunk at or after {@code fromOffset} (control records are skipped). */
    public static List<StoredRecord> decode(StoredChunk chunk, long fromOffset) {
        List<StoredRecord> out = new ArrayList<>(chunk.recordCount());
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(ByteBuffer.wrap(chunk.payload())).batches()) {
            if (batch.lastOffset() < fromOffset || batch.isControlBatch()) {
                continue;
            }
            for (org.apache.kafka.common.record.internal.Record r : batch) {
                if (r.offset() < fromOffset) {
                    continue;
                }
                org.apache.kafka.common.header.Header[] hs = r.headers();
                List<Header> headers = new ArrayList<>(hs.length);
                for (org.apache.kafka.common.header.Header h : hs) {
                    headers.add(new Header(h.key(), h.value()));
                }
                long timestamp = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : r.timestamp();
                out.add(new StoredRecord(r.offset(), timestamp, bytes(r.key()), bytes(r.value()), headers));
            }
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
