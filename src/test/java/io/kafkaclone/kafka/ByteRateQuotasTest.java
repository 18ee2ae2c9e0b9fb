package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.consumer;
import static io.kafkaclone.kafka.KafkaTestClients.pollUntil;
import static io.kafkaclone.kafka.KafkaTestClients.producer;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Byte-rate quotas at 100 KB/s per user: over quota, Produce and Fetch responses carry
 * throttle_time_ms > 0 (kafka-clients' throttle metrics see it) and line publish replies carry
 * throttle_ms; a client id exempted by an override is never throttled. Asserts on the throttle
 * fields and metrics, never on elapsed time.
 */
@QuarkusTest
@TestProfile(ByteRateQuotasTest.Quota100KBs.class)
class ByteRateQuotasTest {
    private static final int QUOTA = 100 * 1024;
    private static final String EXEMPT = "exempt-client";

    public static class Quota100KBs implements QuotaTestProfile {
    }

    /** Default 100 KB/s for everyone, measured over 3 samples of 500 ms; client id exempt-client unlimited in effect. */
    public interface QuotaTestProfile extends QuarkusTestProfile {
        @Override
        default Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka-clone.quotas.producer-byte-rate", String.valueOf(QUOTA),
                    "kafka-clone.quotas.consumer-byte-rate", String.valueOf(QUOTA),
                    "kafka-clone.quotas.clients.\"" + EXEMPT + "\".producer-byte-rate", String.valueOf(1L << 40),
                    "kafka-clone.quotas.clients.\"" + EXEMPT + "\".consumer-byte-rate", String.valueOf(1L << 40),
                    "kafka-clone.quotas.sample-ms", "500",
                    "kafka-clone.quotas.samples", "3",
                    // kafka-clients log every throttled response at WARN
                    "quarkus.log.category.\"org.apache.kafka.clients.NetworkClient\".level", "ERROR");
        }
    }

    @Inject
    KafkaServer server;
    @Inject
    LineServer lineServer;

    private static double metric(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).findFirst().orElseThrow();
    }

    @Test
    void aProduceRequestOverQuotaIsAnsweredWithAThrottleTime() throws Exception {
        String topic = unique("quota-raw");
        try (KafkaProducer<String, String> p = producer(server)) {
            p.send(new ProducerRecord<>(topic, "create")).get(30, TimeUnit.SECONDS);
        }
        // 300 KB in one request: at least 300 KB/s over the (at least 1 s) window, three times the quota
        List<SimpleRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(new SimpleRecord(new byte[10 * 1024]));
        }
        try (RawKafkaSocket socket = new RawKafkaSocket(server.actualPort())) {
            ProduceResponse response = ProduceRequests.send(socket,
                    ProduceRequests.of(topic, 0, records.toArray(SimpleRecord[]::new)), 7);
            assertThat(response.throttleTimeMs()).isPositive();
            assertThat(ProduceRequests.partitionError(response)).isEqualTo(Errors.NONE.code()); // throttled, not refused
        }
    }

    @Test
    void kafkaClientsSeeTheThrottleOnlyWhenOverTheirQuota() throws Exception {
        String topic = unique("quota-clients");
        String value = "v".repeat(10 * 1024);
        int count = 60; // 600 KB
        double throttledProduce;
        double exemptProduce;
        try (KafkaProducer<String, String> throttled = producer(server, "client.id", unique("throttled"));
                KafkaProducer<String, String> exempt = producer(server, "client.id", EXEMPT)) {
            for (int i = 0; i < count; i++) {
                exempt.send(new ProducerRecord<>(topic, "exempt", value));
            }
            exempt.flush();
            for (int i = 0; i < count; i++) {
                throttled.send(new ProducerRecord<>(topic, "throttled", value));
            }
            throttled.flush();
            throttledProduce = metric(throttled.metrics(), "producer-metrics", "produce-throttle-time-max");
            exemptProduce = metric(exempt.metrics(), "producer-metrics", "produce-throttle-time-max");
        }
        assertThat(throttledProduce).isPositive();
        assertThat(exemptProduce).isZero();

        // both consumers read all 1.2 MB: the default-quota one is throttled, the exempt one is not, and both get everything
        for (String clientId : List.of(unique("throttled-consumer"), EXEMPT)) {
            try (KafkaConsumer<String, String> c = consumer(server, unique("quota-group"), "client.id", clientId)) {
                c.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> got = pollUntil(c, 2 * count, Duration.ofSeconds(60));
                assertThat(got).hasSize(2 * count);
                double fetchThrottle = metric(c.metrics(), "consumer-fetch-manager-metrics", "fetch-throttle-time-max");
                if (clientId.equals(EXEMPT)) {
                    assertThat(fetchThrottle).as("exempt consumer").isZero();
                } else {
                    assertThat(fetchThrottle).as("default-quota consumer").isPositive();
                }
            }
        }
    }

    @Test
    void linePublishesOverQuotaAreThrottledAndStillAcknowledged() throws Exception {
        String topic = unique("quota-line");
        String message = "m".repeat(10 * 1024);
        List<JsonNode> replies = new ArrayList<>();
        try (LineClient client = new LineClient(lineServer.actualPort())) {
            for (int i = 0; i < 40; i++) { // 400 KB
                replies.add(client.requestOk(LineClient.publish(topic, message)));
            }
        }
        assertThat(replies).extracting(r -> r.get("offset").asLong()).doesNotHaveDuplicates().hasSize(40);
        assertThat(replies).anySatisfy(r -> assertThat(r.path("throttle_ms").asLong()).isPositive());
    }
}
