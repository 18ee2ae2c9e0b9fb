package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.admin;
import static io.kafkaclone.kafka.KafkaTestClients.consumer;
import static io.kafkaclone.kafka.KafkaTestClients.pollUntil;
import static io.kafkaclone.kafka.KafkaTestClients.producer;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Producing and consuming with the real kafka-clients producer and consumer. */
@QuarkusTest
class KafkaProduceConsumeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    KafkaServer server;

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin(server)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends n keyed records with a header; returns what the broker acknowledged, in send order. */
    private static List<RecordMetadata> send(KafkaProducer<String, String> producer, String topic, int n) throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ProducerRecord<String, String> r = new ProducerRecord<>(topic, "key-" + (i % 7), "value-" + i);
            r.headers().add(new RecordHeader("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            futures.add(producer.send(r));
        }
        producer.flush();
        List<RecordMetadata> out = new ArrayList<>();
        for (Future<RecordMetadata> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void idempotentProducerRecordsAreReadBackExactlyByANewGroup() throws Exception {
        String topic = unique("roundtrip");
        createTopic(topic, 3);
        int n = 300;
        List<RecordMetadata> acked;
        try (KafkaProducer<String, String> producer = producer(server)) {
            acked = send(producer, topic, n);
        }
        try (KafkaConsumer<String, String> consumer = consumer(server, unique("group"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, n, WAIT);
            assertThat(records).hasSize(n);
            Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
            for (ConsumerRecord<String, String> r : records) {
                byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
                int seq = Integer.parseInt(new String(r.headers().lastHeader("seq").value(), StandardCharsets.UTF_8));
                assertThat(r.value()).isEqualTo("value-" + seq);
                assertThat(r.key()).isEqualTo("key-" + (seq % 7));
                assertThat(r.partition()).isEqualTo(acked.get(seq).partition());
                assertThat(r.offset()).isEqualTo(acked.get(seq).offset());
            }
            for (List<ConsumerRecord<String, String>> list : byPartition.values()) {
                for (int i = 0; i < list.size(); i++) {
                    assertThat(list.get(i).offset()).isEqualTo(i); // gap-free, in order
                    if (i > 0) {
                        int prev = Integer.parseInt(new String(list.get(i - 1).headers().lastHeader("seq").value(), StandardCharsets.UTF_8));
                        int cur = Integer.parseInt(new String(list.get(i).headers().lastHeader("seq").value(), StandardCharsets.UTF_8));
                        assertThat(cur).isGreaterThan(prev); // per-partition order is send order
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "lz4", "zstd", "gzip", "snappy" })
    void compressedBatchesRoundTrip(String compression) throws Exception {
        String topic = unique("compressed-" + compression);
        createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = producer(server, ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.LINGER_MS_CONFIG, "50")) {
            send(producer, topic, 200);
        }
        try (KafkaConsumer<String, String> consumer = consumer(server, unique("group"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 200, WAIT);
            assertThat(records).hasSize(200);
            for (int i = 0; i < records.size(); i++) {
                assertThat(records.get(i).offset()).isEqualTo(i);
                assertThat(records.get(i).value()).isEqualTo("value-" + i);
            }
        }
    }

    @Test
    void newConsumerResumesAfterCommittedOffsetsAndAdminSeesThem() throws Exception {
        String topic = unique("resume");
        String group = unique("group");
        createTopic(topic, 2);
        try (KafkaProducer<String, String> producer = producer(server)) {
            send(producer, topic, 100);
        }
        Map<TopicPartition, Long> positions = new HashMap<>();
        int firstRead;
        try (KafkaConsumer<String, String> consumer = consumer(server, group, "max.poll.records", "30")) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1, WAIT);
            assertThat(records).isNotEmpty();
            firstRead = records.size();
            for (ConsumerRecord<String, String> r : records) {
                positions.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            positions.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o, "meta-" + tp.partition())));
            consumer.commitSync(commit);
        }
        try (Admin admin = admin(server)) {
            Map<TopicPartition, OffsetAndMetadata> listed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(listed).hasSize(positions.size());
            positions.forEach((tp, o) -> {
                assertThat(listed.get(tp).offset()).isEqualTo(o);
                assertThat(listed.get(tp).metadata()).isEqualTo("meta-" + tp.partition());
            });
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS))
                    .anyMatch(g -> g.groupId().equals(group));
        }
        try (KafkaConsumer<String, String> consumer = consumer(server, group)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> rest = pollUntil(consumer, 100 - firstRead, WAIT);
            assertThat(rest).hasSize(100 - firstRead);
            for (ConsumerRecord<String, String> r : rest) {
                Long committed = positions.get(new TopicPartition(r.topic(), r.partition()));
                assertThat(r.offset()).isGreaterThanOrEqualTo(committed == null ? 0 : committed);
            }
            TopicPartition tp0 = positions.keySet().iterator().next();
            assertThat(consumer.committed(java.util.Set.of(tp0)).get(tp0).metadata()).isEqualTo("meta-" + tp0.partition());
        }
    }
}
