package io.kafkaclone.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.security.AuthEnabledProfile;
import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The line protocol's {@code auth} op on a broker that requires authentication. */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class LineAuthTest {

    @Inject
    LineServer server;

    private static String topic() {
        return "line-auth-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode auth(String user, String password) {
        return LineClient.op("auth").put("user", user).put("password", password);
    }

    @Test
    void everyOpBeforeAuthIsRefusedWithUnauthenticated() throws Exception {
        try (LineClient c = new LineClient(server.actualPort())) {
            for (String op : new String[] { "ping", "topics", "publish", "consume", "create", "ack" }) {
                JsonNode r = c.request(LineClient.op(op).put("topic", "t").put("message", "m").put("consumer", "c").put("offset", 0));
                assertThat(r.path("ok").asBoolean()).as(op).isFalse();
                assertThat(r.path("error").path("code").asText()).as(op).isEqualTo("UNAUTHENTICATED");
            }
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void authThenPublishAndConsumeAsThatUser() throws Exception {
        String topic = topic();
        try (LineClient c = new LineClient(server.actualPort())) {
            JsonNode ok = c.requestOk(auth(AuthEnabledProfile.ALICE, AuthEnabledProfile.ALICE_PASSWORD));
            assertThat(ok.path("user").asText()).isEqualTo(AuthEnabledProfile.ALICE);
            assertThat(c.requestOk(LineClient.publish(topic, "secured")).path("offset").asLong()).isZero();
            c.requestOk(LineClient.consume(topic, "auth-group").put("from", "earliest"));
            assertThat(c.deliveries(1)).extracting(d -> d.path("message").asText()).containsExactly("secured");
        }
    }

    @Test
    void pipelinedAuthAndRequestsRunInOrderWithTheNewPrincipal() throws Exception {
        String topic = topic();
        try (LineClient c = new LineClient(server.actualPort())) {
            CompletableFuture<JsonNode> a = c.send(auth(AuthEnabledProfile.BOB, AuthEnabledProfile.BOB_PASSWORD));
            CompletableFuture<JsonNode> p1 = c.send(LineClient.publish(topic, "one"));
            CompletableFuture<JsonNode> p2 = c.send(LineClient.publish(topic, "two"));
            assertThat(a.get(30, TimeUnit.SECONDS).path("ok").asBoolean()).isTrue();
            assertThat(p1.get(30, TimeUnit.SECONDS).path("offset").asLong()).isZero();
            assertThat(p2.get(30, TimeUnit.SECONDS).path("offset").asLong()).isEqualTo(1);
        }
    }

    @Test
    void wrongPasswordMayBeRetriedThenTheThirdFailureCloses() throws Exception {
        try (LineClient c = new LineClient(server.actualPort())) {
            JsonNode wrong = c.request(auth(AuthEnabledProfile.ALICE, "nope"));
            assertThat(wrong.path("error").path("code").asText()).isEqualTo("AUTH_FAILED");
            assertThat(wrong.toString()).doesNotContain("nope");
            JsonNode unknown = c.request(auth("mallory", "x"));
            assertThat(unknown.path("error").path("code").asText()).isEqualTo("AUTH_FAILED");
            // a retry with the right password still works on the same connection
            assertThat(c.requestOk(auth(AuthEnabledProfile.ALICE, AuthEnabledProfile.ALICE_PASSWORD)).path("user").asText())
                    .isEqualTo(AuthEnabledProfile.ALICE);
            JsonNode again = c.request(auth(AuthEnabledProfile.BOB, AuthEnabledProfile.BOB_PASSWORD));
            assertThat(again.path("error").path("code").asText()).isEqualTo("BAD_REQUEST");
        }
        try (LineClient c = new LineClient(server.actualPort())) {
            for (int i = 1; i <= LineConnection.MAX_FAILED_AUTHS; i++) {
                assertThat(c.request(auth(AuthEnabledProfile.ALICE, "guess" + i)).path("error").path("code").asText()).isEqualTo("AUTH_FAILED");
            }
            assertThat(c.awaitClosedByServer()).isTrue();
        }
    }

    @Test
    void authWithoutPasswordIsABadRequest() throws Exception {
        try (LineClient c = new LineClient(server.actualPort())) {
            JsonNode r = c.request(LineClient.op("auth").put("user", AuthEnabledProfile.ALICE));
            assertThat(r.path("error").path("code").asText()).isEqualTo("BAD_REQUEST");
        }
    }
}
