package io.kafkaclone.store;

import java.io.Serializable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One configuration override of a topic (e.g. retention.ms); absent names use the broker default. */
@Entity
@Table(name = "topic_config")
@IdClass(TopicConfigEntity.Key.class)
public class TopicConfigEntity extends PanacheEntityBase {
    public static class Key implements Serializable {
        public long topicId;
        public String configName;

        public Key() {
        }

        public Key(long topicId, String configName) {
            this.topicId = topicId;
            this.configName = configName;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && topicId == k.topicId && java.util.Objects.equals(configName, k.configName);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(topicId, configName);
        }
    }

    @Id
    @Column(name = "topic_id")
    public long topicId;

    @Id
    @Column(name = "config_name", length = 255)
    public String configName;

    @Column(name = "config_value", nullable = false, length = 4000)
    public String configValue;
}
