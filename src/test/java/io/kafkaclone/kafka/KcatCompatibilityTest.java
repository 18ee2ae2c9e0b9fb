package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.admin;
import static io.kafkaclone.kafka.KafkaTestClients.consumer;
import static io.kafkaclone.kafka.KafkaTestClients.pollUntil;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** librdkafka (through kcat, installed by .ci/run) produces, consumes and commits against the broker. */
@QuarkusTest
class KcatCompatibilityTest {

    @Inject
    KafkaServer server;

    @BeforeAll
    static void kcatInstalled() {
        Kcat.assumeInstalled();
    }

    /** Runs kcat with stdin, returns stdout; fails on a non-zero exit or after 60 s. */
    private String kcat(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", "127.0.0.1:" + server.actualPort()));
        command.addAll(List.of(args));
        Kcat.Result result = Kcat.run(command, stdin);
        assertThat(result.exit()).as("kcat exit, stderr: %s", result.err()).isZero();
        return result.out();
    }

    @Test
    void kcatProducesAndKafkaClientsConsume() throws Exception {
        String topic = unique("kcat-produce");
        kcat("k1:one\nk2:two\nk3:three\n", "-P", "-t", topic, "-K", ":", "-z", "lz4");
        try (KafkaConsumer<String, String> consumer = consumer(server, unique("group"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 3, Duration.ofSeconds(30));
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("k1", "k2", "k3");
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("one", "two", "three");
        }
    }

    @Test
    void kcatConsumesWhatKafkaClientsProducedAndCommitsAsAGroup() throws Exception {
        String topic = unique("kcat-consume");
        String group = unique("kcat-group");
        try (var producer = KafkaTestClients.producer(server)) {
            for (int i = 0; i < 5; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
        String plain = kcat("", "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k=%s\\n");
        assertThat(plain.lines().toList()).containsExactly("k0=v0", "k1=v1", "k2=v2", "k3=v3", "k4=v4");

        // balanced consumer: joins the group, reads to the end, commits on exit
        String grouped = kcat("", "-G", group, "-o", "beginning", "-e", "-f", "%s\\n", topic);
        assertThat(grouped.lines().toList()).containsExactly("v0", "v1", "v2", "v3", "v4");
        try (Admin admin = admin(server)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(offsets.get(new TopicPartition(topic, 0)).offset()).isEqualTo(5);
        }
    }

    @Test
    void kcatListsMetadata() throws Exception {
        String topic = unique("kcat-meta");
        try (Admin admin = admin(server)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String listing = kcat("", "-L", "-t", topic);
        assertThat(listing).contains("topic \"" + topic + "\" with 2 partitions");
    }
}
