package io.kafkaclone.store;

import java.io.Serializable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of the log: the batches one group commit wrote to one partition. */
@Entity
@Table(name = "log_chunk")
@IdClass(ChunkEntity.Key.class)
public class ChunkEntity extends PanacheEntityBase {
    public static class Key implements Serializable {
        public long topicId;
        public int partitionNo;
        public long baseOffset;

        public Key() {
        }

        public Key(long topicId, int partitionNo, long baseOffset) {
            this.topicId = topicId;
            this.partitionNo = partitionNo;
            this.baseOffset = baseOffset;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(topicId, k.topicId) && java.util.Objects.equals(partitionNo, k.partitionNo) && java.util.Objects.equals(baseOffset, k.baseOffset);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(topicId, partitionNo, baseOffset);
        }
    }

    @Id
    @Column(name = "topic_id")
    public long topicId;

    @Id
    @Column(name = "partition_no")
    public int partitionNo;

    @Id
    @Column(name = "base_offset")
    public long baseOffset;

    @Column(name = "last_offset", nullable = false)
    public long lastOffset;

    @Column(name = "record_count", nullable = false)
    public int recordCount;

    @Column(name = "max_timestamp", nullable = false)
    public long maxTimestamp;

    @Column(name = "size_bytes", nullable = false)
    public int sizeBytes;

    @Column(nullable = false)
    public byte[] payload;
}
