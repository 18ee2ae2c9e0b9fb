package io.kafkaclone.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Authentication and authorization both on, with real users: alice may write {@code orders-*} (and do
 * anything to {@code alice-*}, use groups {@code alice-*}); bob may read {@code orders-*} with groups
 * {@code billing-*}; admin is a super user. Its own database, so stored rules of other runs cannot leak in.
 */
public class SecuredAclProfile implements QuarkusTestProfile {
    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    public static final String ADMIN = "admin";

    public static String password(String user) {
        return user + "-password";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kafka-clone.data-dir", "./target/acl-test-data/" + UUID.randomUUID(),
                "kafka-clone.auth.enabled", "true",
                "kafka-clone.auth.users-file", usersFile().toString(),
                "kafka-clone.acl.enabled", "true",
                "kafka-clone.acl.super-users", ADMIN,
                "kafka-clone.acl.rules", String.join(",",
                        "alice WRITE topic:orders-*",
                        "alice ALL topic:alice-*",
                        "alice READ group:alice-*",
                        "bob READ topic:orders-*",
                        "bob READ group:billing-*"));
    }

    private static Path usersFile() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "acl-test"));
            Path file = Files.createTempFile(dir, "users", ".txt");
            Files.write(file, List.of(
                    AuthEnabledProfile.line(ALICE, password(ALICE), ScramMechanism.SCRAM_SHA_256),
                    AuthEnabledProfile.line(BOB, password(BOB), ScramMechanism.SCRAM_SHA_256),
                    AuthEnabledProfile.line(ADMIN, password(ADMIN), ScramMechanism.SCRAM_SHA_256)));
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
