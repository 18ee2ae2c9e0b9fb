package io.kafkaclone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.kafka.clients.consumer.KafkaConsumer;

import com.fasterxml.jackson.databind.JsonNode;

/** How a refusal shows on each door, shared by the authorization tests. */
final class RefusalAssertions {
    static final Duration WAIT = Duration.ofSeconds(30);

    private RefusalAssertions() {
    }

    /** Polls until the consumer throws (authorization errors surface on a poll) or the deadline passes. */
    static Throwable pollUntilFailure(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                consumer.poll(Duration.ofMillis(200));
            } catch (RuntimeException e) {
                return e;
            }
        }
        throw new AssertionError("the consumer was never refused");
    }

    /** A line reply {@code {"ok":false,"error":{"code":"FORBIDDEN","message":"… is not allowed to …"}}}. */
    static void lineForbidden(JsonNode reply) {
        assertThat(reply.path("ok").asBoolean(true)).as(reply.toString()).isFalse();
        assertThat(reply.path("error").path("code").asText()).as(reply.toString()).isEqualTo("FORBIDDEN");
        assertThat(reply.path("error").path("message").asText()).contains("is not allowed to");
    }
}
