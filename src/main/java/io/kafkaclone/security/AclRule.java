package io.kafkaclone.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One allow rule: {@code principal} may do {@code operation} on resources of {@code resourceType}
 * whose name matches {@code pattern}. There are no deny rules: what no rule allows is denied.
 *
 * @param principal a user name, or {@code *} for every principal (ANONYMOUS included)
 */
public record AclRule(String principal, AclOperation operation, ResourceType resourceType, PatternType patternType, String pattern) {
    public static final String WILDCARD = "*";

    public AclRule {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(pattern, "pattern");
        principal = userName(principal);
        if (principal.isEmpty() || pattern.isEmpty()) {
            throw new IllegalArgumentException("an ACL rule needs a principal and a resource name");
        }
        if (resourceType == ResourceType.CLUSTER && !(pattern.equals(ResourceType.CLUSTER_NAME) || pattern.equals(WILDCARD))) {
            throw new IllegalArgumentException("the cluster resource is named '" + ResourceType.CLUSTER_NAME + "'");
        }
        if (patternType == PatternType.PREFIXED && pattern.equals(WILDCARD)) {
            throw new IllegalArgumentException("'*' is a literal wildcard, not a prefix");
        }
    }

    /** Kafka writes principals as {@code User:alice}; here they are plain user names. */
    static String userName(String principal) {
        String p = principal.trim();
        return p.startsWith("User:") ? p.substring("User:".length()) : p;
    }

    boolean appliesTo(Principal who) {
        return principal.equals(WILDCARD) || principal.equals(who.name());
    }

    boolean matches(Principal who, AclOperation wanted, ResourceType type, String name) {
        return resourceType == type && appliesTo(who) && operation.grants(wanted) && patternType.matches(pattern, name);
    }

    /**
     * Parses the configuration form {@code <principal> <OPERATION>[|<OPERATION>...] <type>[:<name>]}, e.g.
     * {@code alice WRITE|DESCRIBE topic:orders}, {@code bob READ group:billing-*}, {@code ops CREATE cluster}.
     * A name ending in {@code *} (other than {@code *} alone) is a prefix.
     */
    public static List<AclRule> parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 3) {
            throw new IllegalArgumentException("ACL rule '" + text + "' must read '<principal> <OPERATION>[|<OPERATION>] <type>:<name>'");
        }
        String[] resource = parts[2].split(":", 2);
        ResourceType type = ResourceType.parse(resource[0]);
        String name = resource.length > 1 ? resource[1] : type == ResourceType.CLUSTER ? ResourceType.CLUSTER_NAME : "";
        PatternType patternType = PatternType.LITERAL;
        if (name.length() > 1 && name.endsWith(WILDCARD)) {
            patternType = PatternType.PREFIXED;
            name = name.substring(0, name.length() - 1);
        }
        List<AclRule> rules = new ArrayList<>();
        for (String op : parts[1].split("\\|")) {
            rules.add(new AclRule(parts[0], AclOperation.parse(op), type, patternType, name));
        }
        return rules;
    }

    @Override
    public String toString() {
        return principal + " " + operation + " " + resourceType.name().toLowerCase(java.util.Locale.ROOT) + ":" + pattern
                + (patternType == PatternType.PREFIXED ? "*" : "");
    }
}
