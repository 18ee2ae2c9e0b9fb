package io.kafkaclone.core;

/**
 * Core tunables.
 *
 * @param autoCreateTopics   create a topic on first publish/consume/metadata request
 * @param defaultPartitions  partitions of an auto-created topic
 * @param maxMessageBytes    largest record (key + value + headers) or produced batch accepted
 * @param maxChunkBytes      a stored row holds batches up to about this size
 * @param maxOpsPerCommit    most operations grouped into one transaction
 * @param cacheBytes         stored chunks kept in memory for reads, in payload bytes (0: every read goes to storage)
 */
public record BrokerSettings(boolean autoCreateTopics, int defaultPartitions, int maxMessageBytes, int maxChunkBytes,
        int maxOpsPerCommit, long cacheBytes) {

    public static final long DEFAULT_CACHE_BYTES = 4L * 1024 * 1024;

    public BrokerSettings {
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cacheBytes must not be negative, got " + cacheBytes);
        }
    }

    /** Settings with the default chunk cache. */
    public BrokerSettings(boolean autoCreateTopics, int defaultPartitions, int maxMessageBytes, int maxChunkBytes, int maxOpsPerCommit) {
        this(autoCreateTopics, defaultPartitions, maxMessageBytes, maxChunkBytes, maxOpsPerCommit, DEFAULT_CACHE_BYTES);
    }

    public static BrokerSettings defaults() {
        return new BrokerSettings(true, 1, 1024 * 1024, 1024 * 1024, 20_000, DEFAULT_CACHE_BYTES);
    }

    /** The same settings with another chunk cache budget. */
    public BrokerSettings withCacheBytes(long bytes) {
        return new BrokerSettings(autoCreateTopics, defaultPartitions, maxMessageBytes, maxChunkBytes, maxOpsPerCommit, bytes);
    }
}
