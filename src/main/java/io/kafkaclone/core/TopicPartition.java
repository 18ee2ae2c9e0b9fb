package io.kafkaclone.core;

/**
 * A topic name and partition number, as used for offsets and assignments.
 *
 * <p>equals and hashCode are written out: a record's generated ones run through method handles
 * ({@code ObjectMethods}), which C2 does not fully inline under the broker's {@code MaxInlineLevel=9}, and this is
 * a hash key on every produce and fetch (2-3 % of the event loop in a produce profile, docs/performance.md).
 */
public record TopicPartition(String topic, int partition) {
    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPartition other && partition == other.partition && java.util.Objects.equals(topic, other.topic);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(topic) + partition;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
