package io.kafkaclone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.record.internal.BaseRecords;
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

    /** One chunk of three batches of two records each, from {@code first} on. */
    private static StoredChunk chunk(int first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int base = first; base < first + 6; base += 2) {
            out.writeBytes(RecordBatches.encode(List.of(record("r" + base), record("r" + (base + 1))), base, 1000));
        }
        return RecordBatches.describe(out.toByteArray());
    }

    private static MemoryRecords asMemory(BaseRecords records) {
        return records instanceof MemoryRecords m ? m : ((SlicedRecords) records).copied();
    }

    private static List<Long> baseOffsets(BaseRecords slice) {
        List<Long> out = new ArrayList<>();
        for (RecordBatch b : asMemory(slice).batches()) {
            out.add(b.baseOffset());
        }
        return out;
    }

    @Test
    void anOffsetInsideABatchReturnsThatWholeBatchAndSkipsEarlierOnes() {
        BaseRecords slice = FetchHandler.slice(List.of(chunk()), 3, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(baseOffsets(slice)).containsExactly(2L, 4L);
        assertThat(slice).isInstanceOf(MemoryRecords.class); // one row: a plain view of it
    }

    @Test
    void batchesFromSeveralRowsAreReferencedAsOneRangePerRow() {
        StoredChunk first = chunk(0);
        StoredChunk second = chunk(6);
        int oneBatch = MemoryRecords.readableRecords(ByteBuffer.wrap(first.payload())).batches().iterator().next().sizeInBytes();
        BaseRecords slice = FetchHandler.slice(List.of(first, second), 3, oneBatch * 4, Integer.MAX_VALUE);
        assertThat(slice).isInstanceOf(SlicedRecords.class);
        assertThat(baseOffsets(slice)).containsExactly(2L, 4L, 6L, 8L);
        assertThat(slice.sizeInBytes()).isEqualTo(oneBatch * 4);
        List<String> values = new ArrayList<>();
        asMemory(slice).records().forEach(r -> values.add(StandardCharsets.UTF_8.decode(r.value()).toString()));
        assertThat(values).containsExactly("r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
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
