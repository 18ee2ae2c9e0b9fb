package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** KafkaJS 2.2 (installed into target/kafkajs by .ci/run) creates, produces, consumes in a group and commits. */
@QuarkusTest
class KafkaJsCompatibilityTest {
    private static final Path KAFKAJS = Path.of("target", "kafkajs", "node_modules");

    @Inject
    KafkaServer server;

    @Test
    void kafkaJsRoundTrip() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(KAFKAJS.resolve("kafkajs")), "kafkajs is not installed in " + KAFKAJS);
        Path script = Path.of("src", "test", "resources", "kafkajs", "roundtrip.js");
        File out = File.createTempFile("kafkajs", ".out");
        File err = File.createTempFile("kafkajs", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder("node", script.toString(), "127.0.0.1:" + server.actualPort(), unique("kafkajs"),
                    unique("kafkajs-group")).redirectOutput(out).redirectError(err);
            pb.environment().put("NODE_PATH", KAFKAJS.toAbsolutePath().toString());
            Process p = pb.start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kafkajs timed out: " + Files.readString(err.toPath()));
            }
            assertThat(p.exitValue()).as("kafkajs exit, stderr: %s", Files.readString(err.toPath())).isZero();
            JsonNode result = new ObjectMapper().readTree(Files.readString(out.toPath()).strip());
            assertThat(result.get("consumed").asInt()).isEqualTo(30);
            assertThat(result.get("distinct").asInt()).isEqualTo(30);
            assertThat(result.get("committed").asInt()).isEqualTo(30);
        } finally {
            out.delete();
            err.delete();
        }
    }
}
