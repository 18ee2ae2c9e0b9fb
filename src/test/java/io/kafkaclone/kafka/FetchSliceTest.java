package io.kafkaclone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Record;
import io.kafkaclone.core.RecordBatches;
import io.kafkaclone.core.StoredChunk;

/** Which stored batches a Fetch returns: whole batches from the one holding the fetch offset, within the byte limits. */
class FetchSliceTest {

    /** One chunk of three batches of two records each: offsets 0-1, 2-3, 4-5. */
    private static StoredChunk chunk() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int base = 0; base < 6; base += 2) {
            List<Record> records = List.of(record("r" + base), record("r" + (base + 1)));
            out.writeBytes(RecordBatches.encode(records, base, 1000));
        }
        return RecordBatches.describe(out.toByteArray());
    }

    private static Record record(String value) {
        return new Record(null, value.getBytes(StandardCharsets.UTF_8), List.of(), 1000);
    }

    private static List<Long> baseOffsets(ByteBuffer slice) {
        List<Long> out = new ArrayList<>();
        for (RecordBatch b : MemoryRecords.readableRecords(slice).batches()) {
            out.add(b.baseOffset());
        }
        return out;
    }

    @Test
    void anOffsetInsideABatchReturnsThatWholeBatchAndSkipsEarlierOnes() {
        ByteBuffer slice = FetchHandler.slice(List.of(chunk()), 3, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(baseOffsets(slice)).containsExactly(2L, 4L);
    }

    @Test
    void theLimitCutsAtBatchBoundariesButTheFirstBatchAlwaysFitsItsAllowance() {
        StoredChunk c = chunk();
        int oneBatch = MemoryRecords.readableRecords(ByteBuffer.wrap(c.payload())).batches().iterator().next().sizeInBytes();
        assertThat(baseOffsets(FetchHandler.slice(List.of(c), 0, oneBatch * 2, Integer.MAX_VALUE))).containsExactly(0L, 2L);
        assertThat(baseOffsets(FetchHandler.slice(List.of(c), 0, 1, Integer.MAX_VALUE))).containsExactly(0L);
        assertThat(baseOffsets(FetchHandler.slice(List.of(c), 0, 1, 1))).isEmpty();
    }
}
