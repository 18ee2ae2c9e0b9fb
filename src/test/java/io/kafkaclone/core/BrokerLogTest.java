package io.kafkaclone.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The core against the real H2 file database: append, group commit, read back, offsets. */
@QuarkusTest
class BrokerLogTest {

    @Inject
    Broker broker;

    private static String topicName() {
        return "core-" + UUID.randomUUID();
    }

    private static Record text(String key, String value) {
        return new Record(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                List.of(new Header("h", "v".getBytes(StandardCharsets.UTF_8))), -1);
    }

    @Test
    void concurrentAppendsGetGapFreeOffsetsAndReadBackInOrder() throws Exception {
        TopicLog topic = broker.createTopic(topicName(), 1);
        PartitionLog p = topic.partition(0);
        List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            futures.add(broker.append(p, List.of(text(null, "m" + i))));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get().baseOffset()).isEqualTo(i);
        }
        assertThat(p.logEndOffset()).isEqualTo(2000);

        List<StoredRecord> all = new ArrayList<>();
        long next = 0;
        while (next < 2000) {
            List<StoredRecord> page = broker.readRecords(p, next, 64 * 1024);
            assertThat(page).isNotEmpty();
            all.addAll(page);
            next = page.get(page.size() - 1).offset() + 1;
        }
        assertThat(all).hasSize(2000);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).offset()).isEqualTo(i);
            assertThat(new String(all.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
            assertThat(all.get(i).headers()).hasSize(1);
        }
        // group commit: far fewer transactions than messages is the point, but any count is correct
        assertThat(broker.readRecords(p, 1500, 1024).get(0).offset()).isEqualTo(1500);
    }

    @Test
    void waitersWakeOnAppend() throws Exception {
        TopicLog topic = broker.createTopic(topicName(), 2);
        PartitionLog p = topic.partition(1);
        CountDownLatch woke = new CountDownLatch(1);
        p.onAppendAtOrAfter(0, woke::countDown);
        assertThat(woke.getCount()).isEqualTo(1);
        broker.append(p, List.of(text("k", "v"))).get(30, TimeUnit.SECONDS);
        assertThat(woke.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void offsetsCommitForwardOnlyWhenAsked() throws Exception {
        TopicPartition tp = new TopicPartition(topicName(), 0);
        broker.commitOffset("g1", tp, 10, null, true).get(30, TimeUnit.SECONDS);
        broker.commitOffset("g1", tp, 5, null, true).get(30, TimeUnit.SECONDS);
        assertThat(broker.committedOffset("g1", tp).getAsLong()).isEqualTo(10);
        broker.commitOffset("g1", tp, 3, "meta", false).get(30, TimeUnit.SECONDS);
        assertThat(broker.committedOffset("g1", tp).getAsLong()).isEqualTo(3);
        assertThat(broker.committed("g1", tp).get().metadata()).isEqualTo("meta");
    }

    @Test
    void rejectsBadNamesDuplicatesAndOversizeRecords() {
        assertThatThrownBy(() -> broker.createTopic("bad/name", 1)).isInstanceOf(BrokerException.class)
                .extracting(e -> ((BrokerException) e).code()).isEqualTo(ErrorCode.INVALID_TOPIC);
        String name = topicName();
        broker.createTopic(name, 1);
        assertThatThrownBy(() -> broker.createTopic(name, 1)).extracting(e -> ((BrokerException) e).code())
                .isEqualTo(ErrorCode.TOPIC_EXISTS);
        byte[] big = new byte[broker.settings().maxMessageBytes() + 1];
        CompletableFuture<AppendResult> f = broker.append(broker.requireTopic(name).partition(0), List.of(new Record(null, big, List.of(), -1)));
        assertThatThrownBy(f::join).hasCauseInstanceOf(BrokerException.class)
                .cause().extracting(e -> ((BrokerException) e).code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void keyedRecordsFollowKafkasPartitioner() {
        TopicLog topic = broker.createTopic(topicName(), 6);
        byte[] key = "order-42".getBytes(StandardCharsets.UTF_8);
        int expected = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key)) % 6;
        assertThat(broker.choosePartition(topic, key)).isEqualTo(expected);
    }
}
