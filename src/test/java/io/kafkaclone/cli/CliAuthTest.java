package io.kafkaclone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kafkaclone.line.LineServer;
import io.kafkaclone.security.AuthEnabledProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The CLI against a real broker that requires authentication. */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class CliAuthTest {

    @Inject
    LineServer server;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> extraEnv, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(Map.of("HOST", "127.0.0.1", "PORT", String.valueOf(server.actualPort())));
        env.putAll(extraEnv);
        KafkaCloneCli cli = new KafkaCloneCli(new ByteArrayInputStream(new byte[0]), out, env, false);
        int code = KafkaCloneCli.commandLine(cli, out, err).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void publishesWithUserAndPassword() {
        String topic = "cli-auth-" + UUID.randomUUID().toString().substring(0, 8);
        Run r = run(Map.of(), "-p", "-t", topic, "-m", "hi", "--user", AuthEnabledProfile.ALICE, "--password", AuthEnabledProfile.ALICE_PASSWORD);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo(topic + "-0@0");
    }

    @Test
    void takesCredentialsFromTheEnvironment() {
        String topic = "cli-auth-env-" + UUID.randomUUID().toString().substring(0, 8);
        Run r = run(Map.of("KAFKA_CLONE_USER", AuthEnabledProfile.BOB, "KAFKA_CLONE_PASSWORD", AuthEnabledProfile.BOB_PASSWORD),
                "-p", "-t", topic, "-m", "hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void withoutOrWithWrongCredentialsFailsWithTheBrokersCode() {
        Run none = run(Map.of(), "-p", "-t", "cli-auth-none", "-m", "hi");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("UNAUTHENTICATED");
        Run wrong = run(Map.of(), "-p", "-t", "cli-auth-none", "-m", "hi", "-u", AuthEnabledProfile.ALICE, "--password", "nope");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("AUTH_FAILED");
        Run noPassword = run(Map.of(), "-p", "-t", "cli-auth-none", "-m", "hi", "-u", AuthEnabledProfile.ALICE);
        assertThat(noPassword.exitCode()).isEqualTo(2);
    }

    @Test
    void hashUserPrintsLinesTheBrokerAccepts() {
        Run r = run(Map.of(), "--hash-user", "frank", "--password", "f-pass");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("frank SCRAM-SHA-"));
        assertThat(io.kafkaclone.security.UserStore.parse(r.out().lines().toList(), "cli").authenticate("frank", "f-pass")).isPresent();
    }
}
