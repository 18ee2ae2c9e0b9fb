package io.kafkaclone.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Broker-wide retention defaults ({@code kafka-clone.retention.*}); topics override them with the
 * Kafka topic configs retention.ms / retention.bytes.
 */
@ConfigMapping(prefix = "kafka-clone.retention")
public interface RetentionConfig {

    /** Records older than this many milliseconds are deleted (Kafka's log.retention.ms); -1 keeps them. Default 7 days. */
    @WithDefault("604800000")
    long ms();

    /** A partition larger than this loses its oldest stored chunks (Kafka's log.retention.bytes); -1: no limit. */
    @WithDefault("-1")
    long bytes();

    /** How often the retention job runs (a duration like 5m or 30s; "off" disables it). */
    @WithDefault("5m")
    String checkInterval();

    /** Most stored chunks one trim transaction deletes: bounds how long appends to the partition wait on it. */
    @WithDefault("64")
    int deleteChunksPerTransaction();
}
