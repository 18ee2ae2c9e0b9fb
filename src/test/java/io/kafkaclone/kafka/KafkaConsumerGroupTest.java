package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.admin;
import static io.kafkaclone.kafka.KafkaTestClients.consumer;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Two kafka-clients consumers of one group share partitions and rebalance when one leaves. */
@QuarkusTest
class KafkaConsumerGroupTest {

    @Inject
    KafkaServer server;

    /** A consumer polling on its own thread (KafkaConsumer is single-threaded), publishing its assignment. */
    private static final class PollingConsumer implements AutoCloseable {
        final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
        final AtomicBoolean running = new AtomicBoolean(true);
        final ExecutorService thread = Executors.newSingleThreadExecutor();

        PollingConsumer(KafkaServer server, String group, String topic) {
            thread.submit(() -> {
                try (KafkaConsumer<String, String> c = consumer(server, group)) {
                    c.subscribe(List.of(topic));
                    while (running.get()) {
                        c.poll(Duration.ofMillis(100));
                        assignment.set(new HashSet<>(c.assignment()));
                    }
                } // close() sends LeaveGroup
                return null;
            });
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.shutdown();
            assertThat(thread.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void membersSplitPartitionsAndRebalanceWhenOneLeaves() throws Exception {
        String topic = unique("group-split");
        String group = unique("group");
        try (Admin admin = admin(server)) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (PollingConsumer a = new PollingConsumer(server, group, topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.assignment.get().size() == 4);
            PollingConsumer b = new PollingConsumer(server, group, topic);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> a.assignment.get().size() == 2 && b.assignment.get().size() == 2);
                Set<TopicPartition> union = new HashSet<>(a.assignment.get());
                union.addAll(b.assignment.get());
                assertThat(union).hasSize(4); // disjoint and complete

                try (Admin admin = admin(server)) {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
                    assertThat(d.members()).hasSize(2);
                    assertThat(d.members()).allSatisfy(m -> assertThat(m.assignment().topicPartitions()).hasSize(2));
                }
            } finally {
                b.close();
            }
            // b left: a gets everything back
            await().atMost(Duration.ofSeconds(30)).until(() -> a.assignment.get().size() == 4);
        }
    }
}
