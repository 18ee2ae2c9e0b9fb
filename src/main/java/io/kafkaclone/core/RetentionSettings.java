package io.kafkaclone.core;

/**
 * Broker-wide retention defaults, overridable per topic ({@link TopicConfigs}).
 *
 * @param retentionMs             records older than this are deleted (whole stored chunks); -1 keeps them forever
 * @param retentionBytes          a partition larger than this loses its oldest chunks; -1 means no size limit
 * @param deleteChunksPerTransaction most stored chunks one trim transaction deletes, so deleting a large backlog
 *                                never holds the partition's row lock (and appends) for long
 */
public record RetentionSettings(long retentionMs, long retentionBytes, int deleteChunksPerTransaction) {

    public RetentionSettings {
        if (retentionMs < -1 || retentionBytes < -1 || deleteChunksPerTransaction < 1) {
            throw new IllegalArgumentException("retention: ms and bytes must be -1 or more, delete-chunks-per-transaction 1 or more; got "
                    + retentionMs + ", " + retentionBytes + ", " + deleteChunksPerTransaction);
        }
    }

    /** Kafka's defaults: 7 days, no size limit. */
    public static RetentionSettings defaults() {
        return new RetentionSettings(7L * 24 * 60 * 60 * 1000, -1, 64);
    }
}
