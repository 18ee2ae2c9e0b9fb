package io.kafkaclone.core;

/** Where an acknowledged append landed: offsets of its first and last record, and the append time. */
public record AppendResult(String topic, int partition, long baseOffset, long lastOffset, long timestamp) {
}
