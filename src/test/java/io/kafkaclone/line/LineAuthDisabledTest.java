package io.kafkaclone.line;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** With authentication off (the default) nothing needs an auth op, and one is answered AUTH_DISABLED. */
@QuarkusTest
class LineAuthDisabledTest {

    @Inject
    LineServer server;

    @Test
    void authOpOnAnOpenBrokerSaysAuthenticationIsOff() throws Exception {
        try (LineClient c = new LineClient(server.actualPort())) {
            c.requestOk(LineClient.op("ping"));
            JsonNode r = c.request(LineClient.op("auth").put("user", "alice").put("password", "x"));
            assertThat(r.path("error").path("code").asText()).isEqualTo("AUTH_DISABLED");
            c.requestOk(LineClient.op("topics"));
        }
    }
}
