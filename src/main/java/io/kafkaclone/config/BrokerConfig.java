package io.kafkaclone.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed broker configuration: {@code kafka-clone.*} in application.properties, or KAFKA_CLONE_* variables. */
@ConfigMapping(prefix = "kafka-clone")
public interface BrokerConfig {

    /** Folder of the embedded H2 database. */
    @WithDefault("./data")
    String dataDir();

    @WithDefault("true")
    boolean autoCreateTopics();

    @WithDefault("1")
    int defaultPartitions();

    /** Largest record (key + value + headers) accepted, in bytes. */
    @WithDefault("1048576")
    int maxMessageBytes();

    /**
     * Stored chunks kept in memory for Fetch and line-consumer reads (just committed, and read ahead of a
     * consumer), in payload bytes; 0 turns the cache off and every read goes to the database.
     */
    @WithDefault("4194304")
    long cacheBytes();

    Line line();

    Storage storage();

    interface Storage {
        /**
         * H2 only: the database file is fsynced this often by a background thread (store.DatabaseFileFlusher);
         * 0 turns it off. Acknowledgements never wait for it.
         */
        @WithDefault("250")
        long flushIntervalMs();
    }

    interface Line {
        @WithDefault("0.0.0.0")
        String host();

        @WithDefault("9001")
        int port();

        /** Longest request line accepted; a longer one gets LINE_TOO_LONG and the connection is closed. */
        @WithDefault("1048576")
        int maxLineBytes();

        /** Publishes one connection may have awaiting commit before the broker stops reading from it. */
        @WithDefault("20000")
        int maxInFlightPublishes();

        /** Bytes queued on a consumer's socket before deliveries pause until it drains. */
        @WithDefault("1048576")
        int writeQueueBytes();
    }
}
