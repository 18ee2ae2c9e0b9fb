package io.kafkaclone.security;

import java.util.List;

/**
 * Where rules added at runtime (Kafka CreateAcls) are kept, so they survive a restart. Calls block
 * on the database: callers run them off event loops.
 */
public interface AclStore {
    List<AclRule> load();

    /** Stores the rule; storing one that is already there is not an error. */
    void insert(AclRule rule);

    void delete(AclRule rule);

    /** No persistence: for unit tests and for brokers that only use configured rules. */
    AclStore NONE = new AclStore() {
        @Override
        public List<AclRule> load() {
            return List.of();
        }

        @Override
        public void insert(AclRule rule) {
        }

        @Override
        public void delete(AclRule rule) {
        }
    };
}
