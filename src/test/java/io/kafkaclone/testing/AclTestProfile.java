package io.kafkaclone.testing;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A broker with authorization on (its own database, so stored rules of other runs cannot leak in).
 * Unauthenticated clients are ANONYMOUS, so rules for ANONYMOUS are what plain clients on every door get:
 * WRITE only on {@code wo-*}, READ only on {@code ro-*}, READ on groups {@code ok-*}, everything on {@code own-*}.
 * Topics named otherwise (e.g. {@code secret-*}) are invisible to them.
 */
public class AclTestProfile implements QuarkusTestProfile {
    public static final String SUPER_USER = "admin";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kafka-clone.data-dir", "./target/acl-test-data/" + UUID.randomUUID(),
                "kafka-clone.acl.enabled", "true",
                "kafka-clone.acl.super-users", SUPER_USER,
                "kafka-clone.acl.rules", String.join(",",
                        "ANONYMOUS WRITE topic:wo-*",
                        "ANONYMOUS READ topic:ro-*",
                        "ANONYMOUS READ group:ok-*",
                        "ANONYMOUS ALL topic:own-*"));
    }
}
