package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.kafkaclone.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The database really refuses writes (PostgreSQL raises disk_full, SQLSTATE 53100, from a trigger:
 * first on INSERT, then only at COMMIT through a deferred constraint trigger): publishes during the
 * failure are refused on both doors (line STORAGE_ERROR, Kafka KAFKA_STORAGE_ERROR), every record
 * acknowledged before is still there, the broker recovers by itself once the database accepts
 * writes again, and offsets continue without gap or reuse: acknowledged == stored.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class StorageFailureOnPostgresTest {
    private static final String DISK_FULL = """
            CREATE OR REPLACE FUNCTION kc_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';
            END $$""";
    private static final String FAIL_INSERTS = "CREATE TRIGGER kc_test_fail_inserts BEFORE INSERT ON log_chunk "
            + "FOR EACH ROW EXECUTE FUNCTION kc_test_disk_full()";
    private static final String FAIL_COMMITS = "CREATE CONSTRAINT TRIGGER kc_test_fail_commits AFTER INSERT ON log_chunk "
            + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kc_test_disk_full()";

    @Inject
    LineServer line;
    @Inject
    KafkaServer kafka;
    @Inject
    Broker broker;
    @Inject
    DataSource dataSource;

    /** Acknowledged values by offset. */
    private final TreeMap<Long, String> acked = new TreeMap<>();

    private void sql(String... statements) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private void publishOk(LineClient client, String topic, String message) throws Exception {
        JsonNode reply = client.requestOk(LineClient.publish(topic, message));
        acked.put(reply.get("offset").asLong(), message);
    }

    private void kafkaPublish(RawKafkaSocket socket, String topic, String message, Errors expected, int correlationId) throws Exception {
        var response = ProduceRequests.send(socket,
                ProduceRequests.of(topic, 0, new SimpleRecord(message.getBytes(StandardCharsets.UTF_8))), correlationId);
        assertThat(Errors.forCode(ProduceRequests.partitionError(response))).as(message).isEqualTo(expected);
        if (expected == Errors.NONE) {
            acked.put(response.data().responses().iterator().next().partitionResponses().get(0).baseOffset(), message);
        }
    }

    private void assertRefusedEverywhere(LineClient client, RawKafkaSocket socket, String topic, String phase) throws Exception {
        for (int i = 0; i < 3; i++) {
            JsonNode reply = client.request(LineClient.publish(topic, phase + "-line-" + i));
            assertThat(reply.get("ok").asBoolean()).isFalse();
            assertThat(reply.at("/error/code").asText()).isEqualTo("STORAGE_ERROR");
            assertThat(reply.at("/error/message").asText()).contains("No space left on device");
        }
        kafkaPublish(socket, topic, phase + "-kafka", Errors.KAFKA_STORAGE_ERROR, 100 + phase.length());
    }

    @Test
    void publishesFailWhileTheDatabaseRefusesWritesAndNothingAcknowledgedIsLost() throws Exception {
        String topic = unique("disk-full");
        broker.createTopic(topic, 1);
        sql(DISK_FULL);
        try (LineClient client = new LineClient(line.actualPort()); RawKafkaSocket socket = new RawKafkaSocket(kafka.actualPort())) {
            for (int i = 0; i < 5; i++) {
                publishOk(client, topic, "before-" + i);
            }
            kafkaPublish(socket, topic, "before-kafka", Errors.NONE, 1);

            sql(FAIL_INSERTS); // the INSERT itself fails
            assertRefusedEverywhere(client, socket, topic, "insert-fails");
            sql("DROP TRIGGER kc_test_fail_inserts ON log_chunk");
            for (int i = 0; i < 5; i++) {
                publishOk(client, topic, "between-" + i);
            }
            kafkaPublish(socket, topic, "between-kafka", Errors.NONE, 2);

            sql(FAIL_COMMITS); // every statement succeeds, the COMMIT fails
            assertRefusedEverywhere(client, socket, topic, "commit-fails");
            sql("DROP TRIGGER kc_test_fail_commits ON log_chunk");
            for (int i = 0; i < 5; i++) {
                publishOk(client, topic, "after-" + i);
            }
            kafkaPublish(socket, topic, "after-kafka", Errors.NONE, 3);
        } finally {
            sql("DROP TRIGGER IF EXISTS kc_test_fail_inserts ON log_chunk", "DROP TRIGGER IF EXISTS kc_test_fail_commits ON log_chunk");
        }

        assertStoredEqualsAcked(topic, 18);
    }

    @Test
    void anIdempotentProducerRetriesThroughTheFailureAndEachRecordIsStoredOnce() throws Exception {
        String topic = unique("disk-full-retry");
        broker.createTopic(topic, 1);
        sql(DISK_FULL);
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(kafka, "delivery.timeout.ms", "120000",
                "request.timeout.ms", "30000", "max.in.flight.requests.per.connection", "5", "linger.ms", "0")) {
            for (int i = 0; i < 3; i++) {
                RecordMetadata m = producer.send(new ProducerRecord<>(topic, "before-" + i)).get(30, TimeUnit.SECONDS);
                acked.put(m.offset(), "before-" + i);
            }
            sql(FAIL_INSERTS);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "during-" + i)));
            }
            // KAFKA_STORAGE_ERROR is retriable: the producer keeps resending while the database refuses
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> metric(producer, "record-retry-total") > 0);
            sql("DROP TRIGGER kc_test_fail_inserts ON log_chunk");
            for (int i = 0; i < sent.size(); i++) {
                acked.put(sent.get(i).get(60, TimeUnit.SECONDS).offset(), "during-" + i);
            }
            assertThat(metric(producer, "record-error-total")).isZero();
        } finally {
            sql("DROP TRIGGER IF EXISTS kc_test_fail_inserts ON log_chunk");
        }
        assertStoredEqualsAcked(topic, 13);
        assertThat(acked.values()).containsExactly("before-0", "before-1", "before-2", "during-0", "during-1", "during-2",
                "during-3", "during-4", "during-5", "during-6", "during-7", "during-8", "during-9");
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).findFirst().orElseThrow();
    }

    private void assertStoredEqualsAcked(String topic, int count) {
        PartitionLog log = broker.requireTopic(topic).partition(0);
        List<Long> offsets = new ArrayList<>();
        TreeMap<Long, String> stored = new TreeMap<>();
        for (StoredRecord r : broker.readRecords(log, 0, 10 * 1024 * 1024)) {
            offsets.add(r.offset());
            stored.put(r.offset(), new String(r.value(), StandardCharsets.UTF_8));
        }
        assertThat(stored).isEqualTo(acked); // every acknowledged record, nothing refused, nothing twice
        assertThat(acked).hasSize(count);
        assertThat(offsets).containsExactlyElementsOf(LongStream.range(0, count).boxed().toList()); // no gap, no reuse
        assertThat(log.logEndOffset()).isEqualTo(count);
    }
}
