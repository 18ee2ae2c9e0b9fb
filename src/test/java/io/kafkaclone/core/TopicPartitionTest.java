package io.kafkaclone.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** TopicPartition's written-out equals and hashCode keep the record contract (it is a hash key everywhere). */
class TopicPartitionTest {

    @Test
    void equalByTopicAndPartitionWithEqualHashes() {
        TopicPartition a = new TopicPartition(new String("orders"), 3);
        TopicPartition b = new TopicPartition("orders", 3);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new TopicPartition("orders", 4)).isNotEqualTo(new TopicPartition("orders2", 3))
                .isNotEqualTo(null).isNotEqualTo("orders-3");
    }

    @Test
    void aNullTopicIsAKeyLikeAnyOther() {
        TopicPartition none = new TopicPartition(null, 0);
        assertThat(none).isEqualTo(new TopicPartition(null, 0)).isNotEqualTo(new TopicPartition("t", 0));
        assertThat(new TopicPartition("t", 0)).isNotEqualTo(none);
        Map<TopicPartition, String> map = new HashMap<>();
        map.put(none, "x");
        map.put(new TopicPartition("t", 0), "y");
        assertThat(map).containsEntry(new TopicPartition(null, 0), "x").containsEntry(new TopicPartition("t", 0), "y");
    }
}
