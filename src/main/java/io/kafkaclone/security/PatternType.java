package io.kafkaclone.security;

/**
 * How a rule's resource name matches: LITERAL is the exact name (or {@code *}, every name of the
 * type), PREFIXED every name starting with it. Kafka's two stored pattern types.
 */
public enum PatternType {
    LITERAL, PREFIXED;

    boolean matches(String pattern, String name) {
        return switch (this) {
            case LITERAL -> pattern.equals(AclRule.WILDCARD) || pattern.equals(name);
            case PREFIXED -> name.startsWith(pattern);
        };
    }
}
