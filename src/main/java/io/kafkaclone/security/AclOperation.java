package io.kafkaclone.security;

import java.util.Set;

/**
 * What a principal may do to a resource; the names and implications are Kafka's (so rules read the
 * same in {@code kafka-acls} and here): READ, WRITE, DELETE and ALTER imply DESCRIBE, ALTER_CONFIGS
 * implies DESCRIBE_CONFIGS, ALL implies everything.
 */
public enum AclOperation {
    ALL, READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE;

    /** True when a rule granting this operation also grants {@code wanted}. */
    public boolean grants(AclOperation wanted) {
        if (this == ALL || this == wanted) {
            return true;
        }
        return switch (wanted) {
            case DESCRIBE -> Set.of(READ, WRITE, DELETE, ALTER).contains(this);
            case DESCRIBE_CONFIGS -> this == ALTER_CONFIGS;
            default -> false;
        };
    }

    /** Parses a name as written in configuration (case-insensitive, '-' or '_'). */
    public static AclOperation parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ACL operation '" + text + "'; one of " + java.util.Arrays.toString(values()));
        }
    }
}
