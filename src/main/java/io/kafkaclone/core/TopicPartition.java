package io.kafkaclone.core;

/** A topic name and partition number, as used for offsets and assignments. */
public record TopicPartition(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
