package io.kafkaclone.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One ACL allow rule added at runtime (see {@link PanacheAclStore}). */
@Entity
@Table(name = "acl_rule")
public class AclEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "acl_rule_seq")
    @SequenceGenerator(name = "acl_rule_seq", sequenceName = "acl_rule_seq", allocationSize = 1)
    public Long id;

    @Column(nullable = false, length = 255)
    public String principal;

    @Column(nullable = false, length = 32)
    public String operation;

    @Column(name = "resource_type", nullable = false, length = 16)
    public String resourceType;

    @Column(name = "pattern_type", nullable = false, length = 16)
    public String patternType;

    @Column(nullable = false, length = 255)
    public String pattern;

    @Column(name = "created_at", nullable = false)
    public long createdAt;
}
