package io.kafkaclone.store;

import java.io.Serializable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "topic_partition")
@IdClass(PartitionEntity.Key.class)
public class PartitionEntity extends PanacheEntityBase {
    public static class Key implements Serializable {
        public long topicId;
        public int partitionNo;

        public Key() {
        }

        public Key(long topicId, int partitionNo) {
            this.topicId = topicId;
            this.partitionNo = partitionNo;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(topicId, k.topicId) && java.util.Objects.equals(partitionNo, k.partitionNo);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(topicId, partitionNo);
        }
    }

    @Id
    @Column(name = "topic_id")
    public long topicId;

    @Id
    @Column(name = "partition_no")
    public int partitionNo;

    @Column(name = "next_offset", nullable = false)
    public long nextOffset;

    @Column(name = "log_start_offset", nullable = false)
    public long logStartOffset;
}
