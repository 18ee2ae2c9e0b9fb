package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.admin;
import static io.kafkaclone.kafka.KafkaTestClients.consumer;
import static io.kafkaclone.kafka.KafkaTestClients.pollUntil;
import static io.kafkaclone.kafka.KafkaTestClients.producer;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** One log, two doors: records, offsets and groups are shared between the line protocol and Kafka clients. */
@QuarkusTest
class LineKafkaInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    KafkaServer kafka;
    @Inject
    LineServer line;

    @Test
    void aLinePublishIsReadByAKafkaConsumerAtTheSameOffset() throws Exception {
        String topic = unique("line-to-kafka");
        long offset;
        try (LineClient client = new LineClient(line.actualPort())) {
            JsonNode first = client.request(LineClient.publish(topic, "from line").put("key", "k1"));
            assertThat(first.get("ok").asBoolean()).as(first.toString()).isTrue();
            var second = LineClient.publish(topic, "with headers");
            second.putObject("headers").put("h", "v");
            offset = client.request(second).get("offset").asLong();
        }
        try (KafkaConsumer<String, String> consumer = consumer(kafka, unique("group"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 2, WAIT);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("from line", "with headers");
            assertThat(records.get(0).key()).isEqualTo("k1");
            assertThat(records.get(1).offset()).isEqualTo(offset);
            assertThat(new String(records.get(1).headers().lastHeader("h").value(), StandardCharsets.UTF_8)).isEqualTo("v");
        }
    }

    @Test
    void aKafkaRecordIsDeliveredToALineConsumerWhoseAcksShowUpInAdmin() throws Exception {
        String topic = unique("kafka-to-line");
        String group = unique("line-group");
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, "k0", "first")).get(30, TimeUnit.SECONDS);
            ProducerRecord<String, String> r = new ProducerRecord<>(topic, "k1", "from kafka");
            r.headers().add(new RecordHeader("h", "v".getBytes(StandardCharsets.UTF_8)));
            sent = producer.send(r).get(30, TimeUnit.SECONDS);
        }
        try (LineClient client = new LineClient(line.actualPort()); Admin admin = admin(kafka)) {
            assertThat(client.request(LineClient.consume(topic, group)).get("ok").asBoolean()).isTrue();
            List<JsonNode> deliveries = client.deliveries(2);
            JsonNode d = deliveries.get(1);
            assertThat(d.get("message").asText()).isEqualTo("from kafka");
            assertThat(d.get("key").asText()).isEqualTo("k1");
            assertThat(d.get("offset").asLong()).isEqualTo(sent.offset());
            assertThat(d.get("headers").get("h").asText()).isEqualTo("v");

            assertThat(client.request(LineClient.ack(topic, group, 0, sent.offset())).get("ok").asBoolean()).isTrue();
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(offsets.get(new TopicPartition(topic, 0)).offset()).isEqualTo(sent.offset() + 1);

            // the line consumer is a live member of the group, as Kafka tools see it
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS)).anyMatch(g -> g.groupId().equals(group));
            ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
            assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(described.members()).hasSize(1);
            assertThat(described.members().iterator().next().assignment().topicPartitions())
                    .containsExactly(new TopicPartition(topic, 0));
        }
    }

    @Test
    void aLineConsumerResumesWhereTheKafkaGroupCommitted() throws Exception {
        String topic = unique("shared-offsets");
        String group = unique("shared-group");
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "m" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = consumer(kafka, group)) {
            consumer.subscribe(List.of(topic));
            assertThat(pollUntil(consumer, 5, WAIT)).hasSize(5);
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)));
        }
        try (LineClient client = new LineClient(line.actualPort())) {
            client.request(LineClient.consume(topic, group));
            List<JsonNode> rest = client.deliveries(2);
            assertThat(rest).extracting(n -> n.get("message").asText()).containsExactly("m3", "m4");
        }
    }

    @Test
    void aKafkaConsumerCannotJoinAGroupWhileLineConsumersAreMembers() throws Exception {
        String topic = unique("mixed");
        String group = unique("mixed-group");
        try (LineClient client = new LineClient(line.actualPort())) {
            assertThat(client.request(LineClient.consume(topic, group)).get("ok").asBoolean()).isTrue();
            try (KafkaConsumer<String, String> consumer = consumer(kafka, group)) {
                consumer.subscribe(List.of(topic));
                assertThatThrownBy(() -> pollUntil(consumer, 1, WAIT)).isInstanceOf(InconsistentGroupProtocolException.class);
            }
        }
    }

    @Test
    void aLineConsumerCannotJoinAGroupWhileKafkaConsumersAreMembers() throws Exception {
        String topic = unique("mixed-rev");
        String group = unique("kafka-owned-group");
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer(kafka, group)) {
            consumer.subscribe(List.of(topic));
            pollUntil(consumer, 1, WAIT); // the Kafka member has joined and owns the partition
            try (LineClient client = new LineClient(line.actualPort())) {
                JsonNode refused = client.request(LineClient.consume(topic, group));
                assertThat(refused.get("ok").asBoolean()).as(refused.toString()).isFalse();
                assertThat(refused.get("error").get("code").asText()).isEqualTo("GROUP_IN_USE");
                assertThat(client.request(LineClient.op("ping")).get("pong").asBoolean()).isTrue();
            }
        }
    }
}
