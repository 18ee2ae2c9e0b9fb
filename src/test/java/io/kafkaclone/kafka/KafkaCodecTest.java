package io.kafkaclone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Record;
import io.kafkaclone.core.RecordBatches;
import io.kafkaclone.core.StoredChunk;

/** Response frames as a client reads them, fetched records referenced from several stored rows. */
class KafkaCodecTest {

    private static StoredChunk row(int first, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = first; offset < first + count; offset++) {
            Record r = new Record(null, ("v" + offset).getBytes(StandardCharsets.UTF_8), List.of(), 1000);
            out.writeBytes(RecordBatches.encode(List.of(r), offset, 1000));
        }
        return RecordBatches.describe(out.toByteArray());
    }

    @Test
    void aFetchResponseOverSeveralRowsReadsBackWithEveryRecordInOrder() {
        BaseRecords records = FetchHandler.slice(List.of(row(0, 5), row(5, 5), row(10, 5)), 2, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(records).isInstanceOf(SlicedRecords.class);
        FetchResponseData data = new FetchResponseData();
        FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse().setTopic("t");
        topic.partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(0).setHighWatermark(15).setRecords(records));
        data.responses().add(topic);
        short version = 12;
        RequestHeader header = new RequestHeader(ApiKeys.FETCH, version, "client", 42);

        ByteBuffer[] frame = KafkaCodec.serializeResponse(header, data, version);

        ByteBuffer all = concat(frame);
        assertThat(all.getInt()).isEqualTo(all.remaining()); // the size prefix counts what follows
        ResponseHeader responseHeader = ResponseHeader.parse(all, ApiKeys.FETCH.responseHeaderVersion(version));
        assertThat(responseHeader.correlationId()).isEqualTo(42);
        FetchResponse parsed = FetchResponse.parse(new org.apache.kafka.common.protocol.ByteBufferAccessor(all), version);
        MemoryRecords back = (MemoryRecords) parsed.data().responses().get(0).partitions().get(0).records();
        List<String> values = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        back.records().forEach(r -> {
            values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
            offsets.add(r.offset());
        });
        assertThat(offsets).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(values).first().isEqualTo("v2");
        assertThat(values).last().isEqualTo("v14");
    }

    @Test
    void slicedRecordsWriteAnyWindowOfTheirBytes() throws Exception {
        SlicedRecords records = (SlicedRecords) FetchHandler.slice(List.of(row(0, 3), row(3, 3)), 0, Integer.MAX_VALUE,
                Integer.MAX_VALUE);
        byte[] whole = new byte[records.sizeInBytes()];
        records.copied().buffer().get(whole);
        int position = 7;
        int length = whole.length - 20;
        KafkaCodec.Gather channel = new KafkaCodec.Gather();
        int n = records.writeTo(channel, position, length);
        assertThat(n).isEqualTo(length);
        ByteBuffer written = concat(channel.buffers.toArray(ByteBuffer[]::new));
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        assertThat(bytes).isEqualTo(java.util.Arrays.copyOfRange(whole, position, position + length));
    }

    private static ByteBuffer concat(ByteBuffer[] parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) {
            all.put(p.duplicate());
        }
        return all.flip();
    }
}
