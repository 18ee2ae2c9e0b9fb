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

    /** The chunks holding offsets from {@code fromOffset} on, oldest first, stopping once {@code maxBytes} is reached (at least one). */
    List<StoredChunk> readChunks(long topicId, int partition, long fromOffset, int maxBytes);

    /** The first chunk whose newest record is at or after the timestamp, or null. */
    StoredChunk firstChunkAtOrAfter(long topicId, int partition, long timestamp);

    /** Total stored payload bytes of a partition. */
    long sizeInBytes(long topicId, int partition);

    List<CommittedOffset> allCommittedOffsets();

    /** One partition's offsets as stored now, or null when it is gone (cluster mode: another broker may have appended). */
    StoredPartition loadPartition(long topicId, int partition);

    /** The unit of work of one group commit. */
    interface WriteTransaction {
        /** Locks the partition row, advances its next offset by count and returns the old value (the base offset). */
        long reserveOffsets(long topicId, int partition, int count);

        void insertChunk(long topicId, int partition, StoredChunk chunk);

        /** Stores a committed offset; with onlyForward an offset below the stored one is ignored. */
        void commitOffset(String group, String topic, int partition, long offset, String metadata, long commitTime, boolean onlyForward);
    }
}
