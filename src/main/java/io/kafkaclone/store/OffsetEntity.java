package io.kafkaclone.store;

import java.io.Serializable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A consumer group's committed position in one partition (shared by line and Kafka consumers). */
@Entity
@Table(name = "consumer_offset")
@IdClass(OffsetEntity.Key.class)
public class OffsetEntity extends PanacheEntityBase {
    public static class Key implements Serializable {
        public String groupId;
        public String topic;
        public int partitionNo;

        public Key() {
        }

        public Key(String groupId, String topic, int partitionNo) {
            this.groupId = groupId;
            this.topic = topic;
            this.partitionNo = partitionNo;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(groupId, k.groupId) && java.util.Objects.equals(topic, k.topic) && java.util.Objects.equals(partitionNo, k.partitionNo);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(groupId, topic, partitionNo);
        }
    }

    @Id
    @Column(name = "group_id")
    public String groupId;

    @Id
    @Column(name = "topic")
    public String topic;

    @Id
    @Column(name = "partition_no")
    public int partitionNo;

    @Column(name = "committed_offset", nullable = false)
    public long committedOffset;

    @Column(length = 4000)
    public String metadata;

    @Column(name = "commit_time", nullable = false)
    public long commitTime;
}
