package io.kafkaclone.core;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The persistence port the core writes through. Implemented by the store package (Hibernate/Panache
 * on H2 or PostgreSQL); the core never sees SQL.
 */
public interface Storage {

    /** A topic with the state of each partition, as stored. */
    record StoredTopic(long id, String name, UUID topicId, int partitions, long createdAt, List<StoredPartition> partitionStates) {
    }

    record StoredPartition(int partition, long logStartOffset, long nextOffset) {
    }

    record CommittedOffset(String group, String topic, int partition, long offset, String metadata, long commitTime) {
    }

    List<StoredTopic> loadTopics();

    /** @throws BrokerException TOPIC_EXISTS when the name is taken */
    StoredTopic createTopic(String name, UUID topicId, int partitions, long createdAt);

    /** Deletes the topic, its partitions, its records and the committed offsets that name it. */
    void deleteTopic(long id, String name);

    /** Runs work in one transaction; returns after it committed, throws if it did not. */
    void inTransaction(Consumer<WriteTransaction> work);

    /**
     * The chunks holding offsets from {@code fromOffset} on, oldest first, until they hold about
     * {@code maxBytes} from {@code fromOffset} on ({@link StoredChunk#bytesFrom}; the last one may reach
     * past it, so a reader cutting at {@code maxBytes} has its budget's worth; at least one).
     */
    List<StoredChunk> readChunks(long topicId, int partition, long fromOffset, int maxBytes);

    /** The first chunk whose newest record is at or after the timestamp, or null. */
    StoredChunk firstChunkAtOrAfter(long topicId, int partition, long timestamp);

    /** Total stored payload bytes of a partition. */
    long sizeInBytes(long topicId, int partition);

    List<CommittedOffset> allCommittedOffsets();

    // ---------------------------------------------------------------- retention (topic configs, log trimming)

    /** What retention needs to know of a stored row, without its payload. */
    record ChunkInfo(long baseOffset, long lastOffset, long maxTimestamp, int sizeBytes) {
    }

    /**
     * Outcome of one {@link WriteTransaction#trimLog} step.
     *
     * @param logStartOffset the partition's log start offset after the step
     * @param moreToDelete   rows wholly below the log start are left for another step
     */
    record TrimResult(long logStartOffset, int chunksDeleted, long bytesDeleted, boolean moreToDelete) {
    }

    /** Metadata of up to {@code limit} chunks whose base offset is at or after {@code fromBaseOffset}, oldest first. */
    List<ChunkInfo> chunkInfos(long topicId, int partition, long fromBaseOffset, int limit);

    /** Every topic's configuration overrides (name to value), by topic id; topics without overrides are absent. */
    java.util.Map<Long, java.util.Map<String, String>> loadTopicConfigs();

    /** Replaces a topic's configuration overrides with {@code configs} (empty: back to the broker defaults). */
    void saveTopicConfigs(long topicId, java.util.Map<String, String> configs);
    /** One partition's offsets as stored now, or null when it is gone (cluster mode: another broker may have appended). */
    StoredPartition loadPartition(long topicId, int partition);

    /** The unit of work of one group commit. */
    interface WriteTransaction {
        /**
         * Numbers {@code count} records of a partition and returns the first offset (the base offset).
         * {@code knownEnd} is the log end this broker knows. Where other brokers may append to the same
         * partition the store locks the partition row, advances its next offset and returns the old value;
         * where this broker is sure to be the only writer (an embedded database only it has open), it
         * numbers from {@code knownEnd} without touching the row (one statement less per group commit), and
         * {@link Storage#loadTopics} then recovers a partition's end from its stored rows.
         */
        long reserveOffsets(long topicId, int partition, int count, long knownEnd);

        void insertChunk(long topicId, int partition, StoredChunk chunk);

        /** Stores a committed offset; with onlyForward an offset below the stored one is ignored. */
        void commitOffset(String group, String topic, int partition, long offset, String metadata, long commitTime, boolean onlyForward);

        /**
         * Locks the partition row, raises its log start offset to {@code newStart} (capped at the log end,
         * never lowered) and deletes up to {@code maxChunks} rows that lie wholly below the log start. The
         * row's next offset is raised to {@code knownEnd} first (the log end this broker knows): rows about
         * to be deleted may be the only record of where the log ends.
         */
        TrimResult trimLog(long topicId, int partition, long newStart, int maxChunks, long knownEnd);
    }
}
