package io.kafkaclone.store;

import java.util.List;

import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.AclRule;
import io.kafkaclone.security.AclStore;
import io.kafkaclone.security.PatternType;
import io.kafkaclone.security.ResourceType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/** Runtime ACL rules in the acl_rule table (migration V4). */
@ApplicationScoped
public class PanacheAclStore implements AclStore {

    @Override
    public List<AclRule> load() {
        return QuarkusTransaction.requiringNew().call(() -> AclEntity.<AclEntity>listAll().stream()
                .map(e -> new AclRule(e.principal, AclOperation.valueOf(e.operation), ResourceType.valueOf(e.resourceType),
                        PatternType.valueOf(e.patternType), e.pattern))
                .toList());
    }

    @Override
    public void insert(AclRule rule) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (find(rule) == null) {
                AclEntity e = new AclEntity();
                e.principal = rule.principal();
                e.operation = rule.operation().name();
                e.resourceType = rule.resourceType().name();
                e.patternType = rule.patternType().name();
                e.pattern = rule.pattern();
                e.createdAt = System.currentTimeMillis();
                e.persist();
            }
        });
    }

    @Override
    public void delete(AclRule rule) {
        QuarkusTransaction.requiringNew().run(() -> {
            AclEntity e = find(rule);
            if (e != null) {
                e.delete();
            }
        });
    }

    private static AclEntity find(AclRule rule) {
        return AclEntity.<AclEntity>find("principal = ?1 and operation = ?2 and resourceType = ?3 and patternType = ?4 and pattern = ?5",
                rule.principal(), rule.operation().name(), rule.resourceType().name(), rule.patternType().name(), rule.pattern())
                .firstResult();
    }
}
