package io.kafkaclone.core;

/**
 * Core tunables.
 *
 * @param autoCreateTopics   create a topic on first publish/consume/metadata request
 * @param defaultPartitions  partitions of an auto-created topic
 * @param maxMessageBytes    largest record (key + value + headers) or produced batch accepted
 * @param maxChunkBytes      a stored row holds batches up to about this size
 * @param maxOpsPerCommit    most operations grouped into one transaction
 */
public record BrokerSettings(boolean autoCreateTopics, int defaultPartitions, int maxMessageBytes, int maxChunkBytes,
        int maxOpsPerCommit) {

    public static BrokerSettings defaults() {
        return new BrokerSettings(true, 1, 1024 * 1024, 1024 * 1024, 20_000);
    }
}
