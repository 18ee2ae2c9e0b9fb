package io.kafkaclone.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A broker that requires authentication on every door, with a users file written here from
 * kafka-clients' own SCRAM formatter: alice has credentials for both SCRAM mechanisms, bob only
 * for SCRAM-SHA-512.
 */
public class AuthEnabledProfile implements QuarkusTestProfile {
    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "alice-secret-ü1";
    public static final String BOB = "bob";
    public static final String BOB_PASSWORD = "bob-secret-2";
    public static final String CONSOLE_TOKEN = "auth-profile-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kafka-clone.auth.enabled", "true",
                "kafka-clone.auth.users-file", usersFile().toString(),
                "kafka-clone.console.token", CONSOLE_TOKEN);
    }

    static Path usersFile() {
        try {
            List<String> lines = new ArrayList<>();
            lines.add("# written by AuthEnabledProfile");
            lines.add(line(ALICE, ALICE_PASSWORD, ScramMechanism.SCRAM_SHA_256));
            lines.add(line(ALICE, ALICE_PASSWORD, ScramMechanism.SCRAM_SHA_512));
            lines.add(line(BOB, BOB_PASSWORD, ScramMechanism.SCRAM_SHA_512));
            Path dir = Files.createDirectories(Path.of("target", "auth-test"));
            Path file = Files.createTempFile(dir, "users", ".txt");
            Files.write(file, lines);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String line(String user, String password, ScramMechanism mechanism) {
        try {
            ScramCredential c = new ScramFormatter(mechanism).generateCredential(password, 4096);
            return user + " " + mechanism.mechanismName() + " " + ScramCredentialUtils.credentialToString(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
