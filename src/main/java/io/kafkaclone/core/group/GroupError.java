package io.kafkaclone.core.group;

/**
 * Outcomes of classic group operations. The names match the Kafka protocol's error names so the
 * Kafka door can map them by name, but nothing here depends on the protocol.
 */
public enum GroupError {
    NONE,
    UNKNOWN_MEMBER_ID,
    ILLEGAL_GENERATION,
    REBALANCE_IN_PROGRESS,
    MEMBER_ID_REQUIRED,
    INCONSISTENT_GROUP_PROTOCOL,
    INVALID_SESSION_TIMEOUT,
    COORDINATOR_NOT_AVAILABLE,
    /** Another broker coordinates this group (cluster mode). */
    NOT_COORDINATOR
}
