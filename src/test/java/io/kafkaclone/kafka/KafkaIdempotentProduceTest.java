package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Idempotent produce at the wire level: retries are not stored twice, gaps are refused; acks=0 gets no answer. */
@QuarkusTest
class KafkaIdempotentProduceTest {

    @Inject
    KafkaServer server;
    @Inject
    Broker broker;

    private int correlation;

    private static MemoryRecords batch(long producerId, int baseSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("v" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, baseSequence, records);
    }

    private ProduceResponseData.PartitionProduceResponse produce(RawKafkaSocket s, String topic, MemoryRecords records) throws Exception {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000)
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(new ProduceRequestData.TopicProduceData()
                        .setName(topic).setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                                .setRecords(records)))).iterator()));
        RequestHeader h = new RequestHeader(ApiKeys.PRODUCE, (short) 12, "test", ++correlation);
        s.send(new ProduceRequest(data, (short) 12), h);
        ProduceResponse r = (ProduceResponse) s.receive(h);
        return r.data().responses().iterator().next().partitionResponses().get(0);
    }

    @Test
    void retriedBatchGetsItsOriginalOffsetAndGapsAreRefused() throws Exception {
        String topic = unique("idempotent");
        PartitionLog log = broker.createTopic(topic, 1).partition(0);
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            RequestHeader h = new RequestHeader(ApiKeys.INIT_PRODUCER_ID, (short) 5, "test", ++correlation);
            s.send(new InitProducerIdRequest.Builder(new InitProducerIdRequestData().setTransactionalId(null)
                    .setTransactionTimeoutMs(60_000)).build((short) 5), h);
            InitProducerIdResponse init = (InitProducerIdResponse) s.receive(h);
            assertThat(init.error()).isEqualTo(Errors.NONE);
            long pid = init.data().producerId();

            ProduceResponseData.PartitionProduceResponse first = produce(s, topic, batch(pid, 0, 3));
            assertThat(first.errorCode()).isZero();
            assertThat(first.baseOffset()).isZero();

            ProduceResponseData.PartitionProduceResponse retry = produce(s, topic, batch(pid, 0, 3));
            assertThat(retry.errorCode()).isZero();
            assertThat(retry.baseOffset()).isEqualTo(first.baseOffset());
            assertThat(log.logEndOffset()).isEqualTo(3); // stored once

            ProduceResponseData.PartitionProduceResponse next = produce(s, topic, batch(pid, 3, 2));
            assertThat(next.baseOffset()).isEqualTo(3);

            ProduceResponseData.PartitionProduceResponse gap = produce(s, topic, batch(pid, 10, 1));
            assertThat(gap.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            assertThat(log.logEndOffset()).isEqualTo(5);
            assertThat(broker.readRecords(log, 0, 1 << 20)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("v0", "v1", "v2", "v3", "v4");
        }
    }

    @Test
    void acksZeroGetsNoResponseButIsStored() throws Exception {
        String topic = unique("acks0");
        PartitionLog log = broker.createTopic(topic, 1).partition(0);
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            ProduceRequestData data = new ProduceRequestData().setAcks((short) 0).setTimeoutMs(30_000)
                    .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(new ProduceRequestData.TopicProduceData()
                            .setName(topic).setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                                    .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("x".getBytes())))))).iterator()));
            s.send(new ProduceRequest(data, (short) 9), new RequestHeader(ApiKeys.PRODUCE, (short) 9, "test", 100));
            RequestHeader h = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "test", 101);
            s.send(new ApiVersionsRequest.Builder().build((short) 3), h);
            // the next frame is the ApiVersions answer (parsing checks correlation id 101), not a Produce response
            assertThat(((ApiVersionsResponse) s.receive(h)).data().errorCode()).isZero();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> log.logEndOffset() == 1);
    }
}
