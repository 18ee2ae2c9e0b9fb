package io.kafkaclone.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** A topic: its storage id, Kafka topic id and partitions. */
public final class TopicLog {
    private final long storageId;
    private final String name;
    private final UUID topicId;
    private final long createdAt;
    private final List<PartitionLog> partitions;
    private volatile boolean deleted;

    TopicLog(Storage.StoredTopic stored) {
        this.storageId = stored.id();
        this.name = stored.name();
        this.topicId = stored.topicId();
        this.createdAt = stored.createdAt();
        List<PartitionLog> list = new ArrayList<>();
        for (Storage.StoredPartition p : stored.partitionStates()) {
            list.add(new PartitionLog(this, p.partition(), p.logStartOffset(), p.nextOffset()));
        }
        this.partitions = Collections.unmodifiableList(list);
    }

    public long storageId() {
        return storageId;
    }

    public String name() {
        return name;
    }

    public UUID topicId() {
        return topicId;
    }

    public long createdAt() {
        return createdAt;
    }

    public int partitionCount() {
        return partitions.size();
    }

    public List<PartitionLog> partitions() {
        return partitions;
    }

    public boolean isDeleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
        partitions.forEach(PartitionLog::wakeAll);
    }

    /** @throws BrokerException UNKNOWN_PARTITION when out of range */
    public PartitionLog partition(int partition) {
        if (partition < 0 || partition >= partitions.size()) {
            throw new BrokerException(ErrorCode.UNKNOWN_PARTITION,
                    "topic '" + name + "' has no partition " + partition + " (it has " + partitions.size() + ")");
        }
        return partitions.get(partition);
    }

    /** Records currently stored across all partitions. */
    public long messageCount() {
        long n = 0;
        for (PartitionLog p : partitions) {
            n += p.logEndOffset() - p.logStartOffset();
        }
        return n;
    }
}
