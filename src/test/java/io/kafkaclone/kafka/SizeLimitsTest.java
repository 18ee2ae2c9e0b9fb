package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The size limits answer with each protocol's own error and the connection goes on serving:
 * Kafka MESSAGE_TOO_LARGE for one batch over max-message-bytes, RECORD_LIST_TOO_LARGE for batches
 * that are each fine but too large together. (Frames over kafka.max-frame-bytes close the connection:
 * KafkaMalformedRequestTest; line MESSAGE_TOO_LARGE and LINE_TOO_LONG: LineErrorsTest; console 413: MessagesApiTest.)
 */
@QuarkusTest
class SizeLimitsTest {
    @Inject
    KafkaServer server;
    @Inject
    Broker broker;

    private static MemoryRecords batchOf(int bytes) {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[bytes]));
    }

    @Test
    void oversizeBatchesGetKafkasErrorsAndTheConnectionKeepsServing() throws Exception {
        String topic = unique("limits");
        broker.createTopic(topic, 1);
        int max = broker.settings().maxMessageBytes();
        try (RawKafkaSocket socket = new RawKafkaSocket(server.actualPort())) {
            ProduceRequest tooLarge = ProduceRequests.of(topic, 0, new SimpleRecord(new byte[max + 100]));
            assertThat(Errors.forCode(ProduceRequests.partitionError(ProduceRequests.send(socket, tooLarge, 1))))
                    .isEqualTo(Errors.MESSAGE_TOO_LARGE);

            // two batches of 60 % of the limit each: each is fine, together they are not
            ByteBuffer a = batchOf(max * 6 / 10).buffer();
            ByteBuffer b = batchOf(max * 6 / 10).buffer();
            ByteBuffer both = ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();
            ProduceRequest list = ProduceRequests.of(topic, 0, new SimpleRecord(new byte[1]));
            list.data().topicData().iterator().next().partitionData().get(0).setRecords(MemoryRecords.readableRecords(both));
            assertThat(Errors.forCode(ProduceRequests.partitionError(ProduceRequests.send(socket, list, 2))))
                    .isEqualTo(Errors.RECORD_LIST_TOO_LARGE);

            ProduceRequest fine = ProduceRequests.of(topic, 0, new SimpleRecord(new byte[max - 100]));
            assertThat(Errors.forCode(ProduceRequests.partitionError(ProduceRequests.send(socket, fine, 3))))
                    .isEqualTo(Errors.NONE);
        }
        assertThat(broker.requireTopic(topic).partition(0).logEndOffset()).isEqualTo(1);
    }
}
