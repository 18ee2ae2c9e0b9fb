package io.kafkaclone.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

@Entity
@Table(name = "topic")
public class TopicEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "topic_seq")
    @SequenceGenerator(name = "topic_seq", sequenceName = "topic_seq", allocationSize = 1)
    public Long id;

    @Column(nullable = false, unique = true, length = 249)
    public String name;

    @Column(name = "topic_uuid", nullable = false, length = 36)
    public String topicUuid;

    @Column(nullable = false)
    public int partitions;

    @Column(name = "created_at", nullable = false)
    public long createdAt;

    public static TopicEntity findByName(String name) {
        return find("name", name).firstResult();
    }
}
