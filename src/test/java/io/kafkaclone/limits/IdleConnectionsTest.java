package io.kafkaclone.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.kafka.KafkaServer;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * connections-max-idle-ms on both doors: an idle connection is closed, but not a line consumer waiting
 * for records nor a Kafka Fetch long-polling past the idle time. "Not closed" is shown without sleeping:
 * a connection opened later than the busy one is closed first.
 */
@QuarkusTest
@TestProfile(IdleConnectionsTest.ShortIdle.class)
class IdleConnectionsTest {
    static final long IDLE_MS = 1500;

    public static class ShortIdle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka-clone.limits.connections-max-idle-ms", String.valueOf(IDLE_MS));
        }
    }

    @Inject
    LineServer line;
    @Inject
    KafkaServer kafka;
    @Inject
    Broker broker;

    private static String topic() {
        return "idle-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void idleLineConnectionIsClosedAndASubscriberIsNot() throws Exception {
        String topic = topic();
        try (LineClient subscriber = new LineClient(line.actualPort())) {
            subscriber.requestOk(LineClient.consume(topic, "idle-test-" + topic));
            long start = System.nanoTime();
            try (LineClient idle = new LineClient(line.actualPort())) {
                idle.requestOk(LineClient.op("ping"));
                assertThat(idle.awaitClosedByServer()).as("idle connection closed").isTrue();
                long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(closedAfterMs).isGreaterThanOrEqualTo(IDLE_MS);
                System.out.printf("idle line connection closed after %d ms (timeout %d ms)%n", closedAfterMs, IDLE_MS);
            }
            // opened earlier and silent since: only its subscription kept it
            assertThat(subscriber.isClosed()).isFalse();
            try (LineClient publisher = new LineClient(line.actualPort())) {
                publisher.requestOk(LineClient.publish(topic, "still listening"));
            }
            JsonNode d = subscriber.nextDelivery(LineClient.WAIT);
            assertThat(d).isNotNull();
            assertThat(d.get("message").asText()).isEqualTo("still listening");
        }
    }

    @Test
    void idleKafkaConnectionIsClosedButALongPollingFetchIsAnswered() throws Exception {
        String topic = topic();
        broker.createTopic(topic, 1);
        try (KafkaSocket fetcher = new KafkaSocket("127.0.0.1", kafka.actualPort())) {
            // a Fetch that waits up to 4x the idle time for records that never come
            int maxWaitMs = (int) (4 * IDLE_MS);
            FetchRequestData fetch = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(1).setMaxBytes(1 << 20)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic).setTopicId(Uuid.ZERO_UUID)
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                                    .setPartitionMaxBytes(1 << 20)))));
            long start = System.nanoTime();
            RequestHeader h = fetcher.send(ApiKeys.FETCH, (short) 12, fetch);
            try (KafkaSocket idle = new KafkaSocket("127.0.0.1", kafka.actualPort())) {
                assertThat(idle.served()).isTrue();
                assertThat(idle.closedByBroker()).as("idle connection closed").isTrue();
                System.out.printf("idle kafka connection closed after %d ms (timeout %d ms)%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), IDLE_MS);
            }
            FetchResponse answer = (FetchResponse) fetcher.receive(h);
            long answeredAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer.error().code()).isZero();
            System.out.printf("long poll answered after %d ms on a connection idle-limited to %d ms%n", answeredAfterMs, IDLE_MS);
            // and once answered, it is an idle connection like any other
            assertThat(fetcher.closedByBroker()).isTrue();
        }
    }

}
