package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.admin;
import static io.kafkaclone.kafka.KafkaTestClients.consumer;
import static io.kafkaclone.kafka.KafkaTestClients.pollUntil;
import static io.kafkaclone.kafka.KafkaTestClients.producer;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerSettings;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.RetentionCleaner;
import io.kafkaclone.core.Storage;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.kafkaclone.testing.RetentionTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Retention and DeleteRecords seen through the real kafka-clients: the background job (every second in
 * this profile) deletes whole stored chunks by age and by size, the log start moves and readers of
 * every door follow it. Figures (sizes before/after) are printed for the report.
 */
@QuarkusTest
@TestProfile(RetentionTestProfile.class)
class KafkaRetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long HOUR = 3_600_000L;

    @Inject
    KafkaServer server;

    @Inject
    LineServer line;

    @Inject
    Broker broker;

    @Inject
    Storage storage;

    /** Sends {@code n} records with one timestamp to partition 0 and flushes: one produce request, one stored chunk. */
    private static List<Long> chunk(KafkaProducer<String, String> producer, String topic, int n, long timestamp, String prefix)
            throws Exception {
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, 0, timestamp, "k" + i, prefix + "-" + i + "-" + "x".repeat(80))));
        }
        producer.flush();
        List<Long> offsets = new ArrayList<>();
        for (var f : sent) {
            offsets.add(f.get(30, TimeUnit.SECONDS).offset());
        }
        return offsets;
    }

    private static void create(Admin admin, String topic, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
    }

    private static void alter(Admin admin, String topic, AlterConfigOp... ops) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(r, List.of(ops))).all().get(30, TimeUnit.SECONDS);
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static long earliest(Admin admin, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
    }

    private PartitionLog partition(String topic) {
        return broker.requireTopic(topic).partition(0);
    }

    @Test
    void retentionByTimeDeletesChunksOfOldRecordsAndKeepsNewOnes() throws Exception {
        String topic = unique("ret-time");
        try (Admin admin = admin(server); KafkaProducer<String, String> producer = producer(server)) {
            create(admin, topic, Map.of());
            long now = System.currentTimeMillis();
            for (int i = 0; i < 5; i++) {
                chunk(producer, topic, 20, now - 2 * HOUR + i, "old" + i); // offsets 0..99, two hours old
            }
            chunk(producer, topic, 20, now, "new0"); // 100..119
            chunk(producer, topic, 20, now, "new1"); // 120..139
            PartitionLog log = partition(topic);
            long before = broker.sizeInBytes(log);

            alter(admin, topic, set("retention.ms", Long.toString(HOUR)));
            // the start moves with the first trim transaction; the rows below it go in the following ones
            await().atMost(WAIT).until(() -> log.logStartOffset() == 100
                    && storage.chunkInfos(log.topic().storageId(), 0, 0, 1).get(0).baseOffset() >= 100);
            long after = broker.sizeInBytes(log);
            System.out.printf("retention.ms=1h: partition %d -> %d bytes, log start 0 -> %d, end %d%n", before, after,
                    log.logStartOffset(), log.logEndOffset());

            // another pass (the scheduler's or this one) finds nothing more: the new records are kept
            RetentionCleaner.Pass again = broker.retention().runOnce();
            assertThat(again.chunksDeleted()).isZero();
            assertThat(log.logStartOffset()).isEqualTo(100);
            assertThat(after).isLessThan(before / 2).isPositive();
            assertThat(earliest(admin, topic)).isEqualTo(100);

            try (KafkaConsumer<String, String> consumer = consumer(server, unique("g"))) {
                consumer.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> got = pollUntil(consumer, 40, WAIT);
                assertThat(got).hasSize(40);
                assertThat(got.get(0).offset()).isEqualTo(100);
                assertThat(got).allMatch(r -> r.value().startsWith("new"));
            }
        }
    }

    @Test
    void retentionNeverDeletesTheNewestChunk() throws Exception {
        String topic = unique("ret-tail");
        try (Admin admin = admin(server); KafkaProducer<String, String> producer = producer(server)) {
            create(admin, topic, Map.of());
            long old = System.currentTimeMillis() - 2 * HOUR;
            for (int i = 0; i < 3; i++) {
                chunk(producer, topic, 10, old, "old" + i);
            }
            PartitionLog log = partition(topic);
            List<Storage.ChunkInfo> chunks = storage.chunkInfos(log.topic().storageId(), 0, 0, 100);
            long newestBase = chunks.get(chunks.size() - 1).baseOffset();

            alter(admin, topic, set("retention.ms", Long.toString(HOUR)));
            // every record is expired, but the chunk holding the log end stays
            await().atMost(WAIT).until(() -> log.logStartOffset() == newestBase);
            assertThat(broker.retention().runOnce().chunksDeleted()).isZero();
            assertThat(log.logStartOffset()).isEqualTo(newestBase);
            assertThat(log.logEndOffset()).isEqualTo(30);
            assertThat(storage.chunkInfos(log.topic().storageId(), 0, 0, 100)).hasSize(1);
            assertThat(chunk(producer, topic, 1, System.currentTimeMillis(), "next")).containsExactly(30L);
        }
    }

    @Test
    void retentionByBytesKeepsThePartitionNearTheLimit() throws Exception {
        String topic = unique("ret-bytes");
        try (Admin admin = admin(server); KafkaProducer<String, String> producer = producer(server)) {
            create(admin, topic, Map.of());
            long now = System.currentTimeMillis();
            for (int i = 0; i < 30; i++) {
                chunk(producer, topic, 10, now, "c" + i);
            }
            PartitionLog log = partition(topic);
            long before = broker.sizeInBytes(log);
            int largestChunk = storage.chunkInfos(log.topic().storageId(), 0, 0, 100).stream()
                    .mapToInt(Storage.ChunkInfo::sizeBytes).max().orElseThrow();
            long limit = before / 3;

            alter(admin, topic, set("retention.bytes", Long.toString(limit)));
            await().atMost(WAIT).until(() -> broker.sizeInBytes(log) < limit + largestChunk);
            long after = broker.sizeInBytes(log);
            System.out.printf("retention.bytes=%d: partition %d -> %d bytes (chunks of up to %d bytes), log start 0 -> %d of end %d%n",
                    limit, before, after, largestChunk, log.logStartOffset(), log.logEndOffset());

            // Kafka's rule: a chunk goes only while the partition stays at or above the limit without it
            assertThat(after).isGreaterThanOrEqualTo(limit);
            assertThat(log.logStartOffset()).isGreaterThan(0).isLessThan(log.logEndOffset());
            assertThat(broker.retention().runOnce().chunksDeleted()).isZero();
            assertThat(earliest(admin, topic)).isEqualTo(log.logStartOffset());
        }
    }

    @Test
    void consumerKeepsUpWhileRetentionDeletesBehindIt() throws Exception {
        String topic = unique("ret-behind");
        String group = unique("g");
        try (Admin admin = admin(server); KafkaProducer<String, String> producer = producer(server);
                KafkaConsumer<String, String> consumer = consumer(server, group)) {
            create(admin, topic, Map.of());
            long now = System.currentTimeMillis();
            for (int i = 0; i < 10; i++) {
                chunk(producer, topic, 10, now - 2 * HOUR, "old" + i); // 0..99
            }
            consumer.subscribe(List.of(topic));
            assertThat(pollUntil(consumer, 100, WAIT)).hasSize(100);
            consumer.commitSync();

            // new records arrive while retention deletes the old ones the consumer has already read
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        chunk(producer, topic, 10, System.currentTimeMillis(), "new" + i); // 100..299
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            alter(admin, topic, set("retention.ms", Long.toString(HOUR)));
            List<ConsumerRecord<String, String>> got = pollUntil(consumer, 200, WAIT);
            producing.get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> partition(topic).logStartOffset() == 100);

            assertThat(got).hasSize(200);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).offset()).isEqualTo(100 + i);
            }
        }
    }

    @Test
    void consumersBehindTheLogStartContinueFromIt() throws Exception {
        String topic = unique("ret-reset");
        String group = unique("g");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = admin(server); KafkaProducer<String, String> producer = producer(server)) {
            create(admin, topic, Map.of());
            for (int i = 0; i < 5; i++) {
                chunk(producer, topic, 10, System.currentTimeMillis(), "r" + i); // 0..49
            }
            try (KafkaConsumer<String, String> c = consumer(server, group)) {
                c.commitSync(Map.of(tp, new OffsetAndMetadata(5)));
            }
            broker.commitOffset(group + "-line", partition(topic).topicPartition(), 5, null, false).get(30, TimeUnit.SECONDS);

            long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(30))).lowWatermarks().get(tp)
                    .get(30, TimeUnit.SECONDS).lowWatermark();
            assertThat(low).isEqualTo(30);
            assertThat(earliest(admin, topic)).isEqualTo(30);

            // committed 5 is below the start: the broker answers OFFSET_OUT_OF_RANGE, the client resets to earliest
            try (KafkaConsumer<String, String> c = consumer(server, group)) {
                c.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> got = pollUntil(c, 20, WAIT);
                assertThat(got).hasSize(20);
                assertThat(got.get(0).offset()).isEqualTo(30);
            }
            try (KafkaConsumer<String, String> c = consumer(server, unique("g"), "auto.offset.reset", "none")) {
                c.assign(List.of(tp));
                c.seek(tp, 5);
                assertThatThrownBy(() -> {
                    for (long end = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < end;) {
                        c.poll(Duration.ofMillis(200));
                    }
                }).isInstanceOf(OffsetOutOfRangeException.class);
            }
            // a line-protocol consumer whose committed offset is below the start continues from the start
            try (LineClient client = new LineClient(line.actualPort())) {
                client.requestOk(LineClient.consume(topic, group + "-line"));
                JsonNode first = client.nextDelivery(WAIT);
                assertThat(first).isNotNull();
                assertThat(first.get("offset").asLong()).isEqualTo(30);
            }
        }
    }

    @Test
    void deleteRecordsHidesRecordsBelowTheNewStartAndSurvivesRestart() throws Exception {
        String topic = unique("ret-delete");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = admin(server); KafkaProducer<String, String> producer = producer(server)) {
            create(admin, topic, Map.of());
            PartitionLog log = partition(topic);
            List<Record> ten = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ten.add(new Record(null, ("one-" + i).getBytes(StandardCharsets.UTF_8), List.of(), -1));
            }
            broker.append(log, ten).get(30, TimeUnit.SECONDS); // 0..9 in one stored chunk
            assertThat(storage.chunkInfos(log.topic().storageId(), 0, 0, 10)).hasSize(1);
            long before = broker.sizeInBytes(log);

            assertThat(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(tp)
                    .get(30, TimeUnit.SECONDS).lowWatermark()).isEqualTo(4);
            // the chunk straddles the new start: it stays stored, but nothing below 4 is read
            assertThat(broker.sizeInBytes(log)).isEqualTo(before);
            assertThat(broker.readRecords(log, 0, 1 << 20).get(0).offset()).isEqualTo(4);
            try (KafkaConsumer<String, String> c = consumer(server, unique("g"))) {
                c.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> got = pollUntil(c, 6, WAIT);
                assertThat(got).extracting(ConsumerRecord::offset).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
            }
            try (LineClient client = new LineClient(line.actualPort())) {
                client.requestOk(LineClient.consume(topic, unique("line")).put("from", "earliest"));
                assertThat(client.nextDelivery(WAIT).get("offset").asLong()).isEqualTo(4);
            }

            assertThatThrownBy(() -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(11))).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.OffsetOutOfRangeException.class);

            // up to the end: the whole chunk goes
            assertThat(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(10))).lowWatermarks().get(tp)
                    .get(30, TimeUnit.SECONDS).lowWatermark()).isEqualTo(10);
            assertThat(broker.sizeInBytes(log)).isZero();
            System.out.printf("deleteRecords: partition %d -> %d bytes, log start 10 of end %d%n", before, broker.sizeInBytes(log),
                    log.logEndOffset());

            // a broker started afresh on the same database sees the moved start
            try (Broker restarted = new Broker(storage, BrokerSettings.defaults())) {
                PartitionLog p = restarted.requireTopic(topic).partition(0);
                assertThat(p.logStartOffset()).isEqualTo(10);
                assertThat(p.logEndOffset()).isEqualTo(10);
            }
            // and appends go on after it
            assertThat(chunk(producer, topic, 1, System.currentTimeMillis(), "after")).containsExactly(10L);
        }
    }

    @Test
    void topicConfigsThroughCreateDescribeAndIncrementalAlter() throws Exception {
        String topic = unique("ret-configs");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = admin(server)) {
            CreateTopicsResult created = admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "delete"))));
            created.all().get(30, TimeUnit.SECONDS);
            assertThat(created.config(topic).get(30, TimeUnit.SECONDS).get("retention.ms").value()).isEqualTo("3600000");

            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(config.get("retention.bytes").value()).isEqualTo("-1");
            assertThat(config.get("retention.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(config.get("max.message.bytes").value()).isEqualTo("1048576");
            assertThat(config.get("cleanup.policy").isReadOnly()).isTrue();

            alter(admin, topic, set("retention.bytes", "5000"),
                    new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE));
            config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("retention.bytes").value()).isEqualTo("5000");
            assertThat(config.get("retention.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(config.get("retention.ms").value()).isEqualTo("-1"); // this profile's broker default
            assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(storage.loadTopicConfigs().get(broker.requireTopic(topic).storageId())).isEqualTo(Map.of("retention.bytes", "5000"));
            try (Broker restarted = new Broker(storage, BrokerSettings.defaults())) {
                assertThat(restarted.topicConfigs().retentionBytes(restarted.requireTopic(topic))).isEqualTo(5000);
                assertThat(restarted.topicConfigs().retentionMs(restarted.requireTopic(topic))).isEqualTo(7L * 24 * HOUR);
            }

            assertThatThrownBy(() -> alter(admin, topic, set("retention.ms", "soon"))).hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, topic, set("retention.ms", "-2"))).hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, topic, set("segment.bytes", "1024"))).hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, topic, new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.APPEND)))
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, unique("missing"), set("retention.ms", "1")))
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            // a refused change changed nothing
            assertThat(broker.topicConfigs().retentionBytes(broker.requireTopic(topic))).isEqualTo(5000);

            String compacted = unique("ret-compact");
            assertThatThrownBy(() -> create(admin, compacted, Map.of("cleanup.policy", "compact")))
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThat(broker.topic(compacted)).isEmpty();

            // max.message.bytes per topic
            alter(admin, topic, set("max.message.bytes", "200"));
            try (KafkaProducer<String, String> producer = producer(server)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, null, "x".repeat(500))).get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(RecordTooLargeException.class);
                assertThat(producer.send(new ProducerRecord<>(topic, 0, null, "small")).get(30, TimeUnit.SECONDS).offset()).isZero();
            }
        }
    }
}
