package io.kafkaclone.line;

import static io.kafkaclone.testing.LineClient.ack;
import static io.kafkaclone.testing.LineClient.consume;
import static io.kafkaclone.testing.LineClient.op;
import static io.kafkaclone.testing.LineClient.publish;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** Every error code of the contract, bad input, and abrupt disconnects, with auto-create off and small limits. */
@QuarkusTest
@TestProfile(LineErrorsTest.StrictBroker.class)
class LineErrorsTest {

    public static class StrictBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka-clone.auto-create-topics", "false", "kafka-clone.max-message-bytes", "1000",
                    "kafka-clone.line.max-line-bytes", "4096");
        }
    }

    @Inject
    LineServer server;
    @Inject
    Broker broker;

    private LineClient client() throws Exception {
        return new LineClient(server.actualPort());
    }

    private static String code(JsonNode reply) {
        assertThat(reply.get("ok").asBoolean()).as("reply %s", reply).isFalse();
        assertThat(reply.get("error").get("message").asText()).isNotBlank();
        return reply.get("error").get("code").asText();
    }

    private String existingTopic() throws Exception {
        String topic = "err-" + UUID.randomUUID().toString().substring(0, 8);
        try (LineClient c = client()) {
            assertThat(c.request(op("create").put("topic", topic)).get("ok").asBoolean()).isTrue();
        }
        return topic;
    }

    @Test
    void eachErrorCodeOfTheContract() throws Exception {
        String topic = existingTopic();
        try (LineClient c = client()) {
            assertThat(code(c.request(op("frobnicate")))).isEqualTo("UNKNOWN_OP");
            assertThat(code(c.request(op("publish").put("message", "no topic")))).isEqualTo("BAD_REQUEST");
            assertThat(code(c.request(op("publish").put("topic", topic)))).isEqualTo("BAD_REQUEST");
            assertThat(code(c.request(publish(topic, "x").put("partition", "zero")))).isEqualTo("BAD_REQUEST");
            assertThat(code(c.request(publish(topic, "x").put("key", 12)))).isEqualTo("BAD_REQUEST");
            var badHeaders = publish(topic, "x");
            badHeaders.putObject("headers").put("n", 1);
            assertThat(code(c.request(badHeaders))).isEqualTo("BAD_REQUEST");
            assertThat(code(c.request(publish("bad/name", "x")))).isEqualTo("INVALID_TOPIC");
            assertThat(code(c.request(publish("..", "x")))).isEqualTo("INVALID_TOPIC");
            assertThat(code(c.request(publish("t".repeat(250), "x")))).isEqualTo("INVALID_TOPIC");
            assertThat(code(c.request(publish("never-created-" + UUID.randomUUID(), "x")))).isEqualTo("UNKNOWN_TOPIC");
            assertThat(code(c.request(consume("never-created-" + UUID.randomUUID(), "c")))).isEqualTo("UNKNOWN_TOPIC");
            assertThat(code(c.request(publish(topic, "y".repeat(1001))))).isEqualTo("MESSAGE_TOO_LARGE");
            assertThat(code(c.request(publish(topic, "x").put("partition", 7)))).isEqualTo("UNKNOWN_PARTITION");
            assertThat(code(c.request(ack(topic, "nobody", 0, 0)))).isEqualTo("NOT_SUBSCRIBED");
            assertThat(code(c.request(op("create").put("topic", topic)))).isEqualTo("TOPIC_EXISTS");
            assertThat(code(c.request(op("create").put("topic", topic + "-x").put("partitions", 0)))).isEqualTo("BAD_REQUEST");
            assertThat(code(c.request(consume(topic, "c").put("from", "yesterday")))).isEqualTo("BAD_REQUEST");
            assertThat(code(c.request(consume(topic, "")))).isEqualTo("BAD_REQUEST");

            c.request(publish(topic, "only"));
            c.request(consume(topic, "c"));
            assertThat(code(c.request(ack(topic, "c", 0, 5)))).isEqualTo("BAD_REQUEST");
            assertThat(code(c.request(ack(topic, "c", 0, -1)))).isEqualTo("BAD_REQUEST");
            assertThat(code(c.request(ack(topic, "c", 3, 0)))).isEqualTo("UNKNOWN_PARTITION");
            assertThat(code(c.request(consume(topic, "c")))).isEqualTo("BAD_REQUEST");
            // the connection still works after all of that
            assertThat(c.request(ack(topic, "c", 0, 0)).get("committed").asLong()).isEqualTo(1);
        }
    }

    @Test
    void garbageLinesGetBadRequestAndTheConnectionStaysOpen() throws Exception {
        try (LineClient c = client()) {
            for (String garbage : List.of("this is not json", "[1,2,3]", "42", "\"str\"", "{\"op\":", "{\"op\":1}",
                    "{\"id\":7}", "{} trailing", "\u0000\u0001\u0002")) {
                c.sendRaw(garbage);
                JsonNode reply = c.nextUnmatched();
                assertThat(reply).as("reply to %s", garbage).isNotNull();
                assertThat(code(reply)).isEqualTo("BAD_REQUEST");
            }
            c.sendRaw("{\"id\":7}");
            assertThat(c.nextUnmatched().get("id").asInt()).as("id echoed on errors").isEqualTo(7);
            c.sendBytes(new byte[] { (byte) 0xff, (byte) 0xfe, '\n' });
            assertThat(code(c.nextUnmatched())).isEqualTo("BAD_REQUEST");
            c.sendRaw("");
            c.sendRaw("{\"op\":\"ping\"}\r");
            assertThat(c.nextUnmatched().get("pong").asBoolean()).isTrue();
        }
    }

    @Test
    void anOverLongLineIsRefusedAndTheConnectionClosedWhileOthersCarryOn() throws Exception {
        String topic = existingTopic();
        try (LineClient other = client(); LineClient c = client()) {
            c.sendBytes(("{\"op\":\"publish\",\"topic\":\"" + topic + "\",\"message\":\"" + "z".repeat(5000) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            JsonNode reply = c.nextUnmatched();
            assertThat(code(reply)).isEqualTo("LINE_TOO_LONG");
            assertThat(c.awaitClosedByServer()).isTrue();
            assertThat(other.request(op("ping")).get("pong").asBoolean()).isTrue();
        }
    }

    @Test
    void manyConnectionsDroppedAbruptlyLeaveTheBrokerServingAndTheGroupsEmpty() throws Exception {
        String topic = existingTopic();
        List<LineClient> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            LineClient c = client();
            clients.add(c);
            if (i % 2 == 0) {
                c.request(consume(topic, "dropped-group"));
            } else {
                for (int j = 0; j < 20; j++) {
                    c.send(publish(topic, "half-sent-" + i + "-" + j));
                }
            }
        }
        for (LineClient c : clients) {
            c.abort();
        }
        org.awaitility.Awaitility.await().atMost(LineClient.WAIT)
                .until(() -> broker.groups().members("dropped-group").isEmpty());
        try (LineClient c = client()) {
            JsonNode acked = c.request(publish(topic, "still-here"));
            assertThat(acked.get("ok").asBoolean()).isTrue();
            c.request(consume(topic, "survivor").put("from", "latest"));
            c.request(publish(topic, "after-drop"));
            // publishes the dropped clients had already sent may still commit first; "after-drop" must follow
            JsonNode d;
            do {
                d = c.nextDelivery(LineClient.WAIT);
                assertThat(d).as("delivery of after-drop").isNotNull();
            } while (!d.get("message").asText().equals("after-drop"));
        }
    }
}
