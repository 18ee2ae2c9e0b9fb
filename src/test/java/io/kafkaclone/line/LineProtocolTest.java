package io.kafkaclone.line;

import static io.kafkaclone.testing.LineClient.ack;
import static io.kafkaclone.testing.LineClient.consume;
import static io.kafkaclone.testing.LineClient.op;
import static io.kafkaclone.testing.LineClient.publish;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The original system's scenarios over real sockets against the started broker. */
@QuarkusTest
class LineProtocolTest {

    @Inject
    LineServer server;

    private LineClient client() throws Exception {
        return new LineClient(server.actualPort());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> messages(List<JsonNode> deliveries) {
        return deliveries.stream().map(d -> d.get("message").asText()).toList();
    }

    @Test
    void oneMessageReachesARunningConsumer() throws Exception {
        String topic = unique("one");
        try (LineClient consumer = client(); LineClient producer = client()) {
            JsonNode subscribed = consumer.request(consume(topic, "c1"));
            assertThat(subscribed.get("ok").asBoolean()).isTrue();
            assertThat(subscribed.get("partitions").toString()).isEqualTo("[0]");

            JsonNode ack = producer.request(publish(topic, "hello"));
            assertThat(ack.get("ok").asBoolean()).isTrue();
            assertThat(ack.get("topic").asText()).isEqualTo(topic);
            assertThat(ack.get("offset").asLong()).isZero();
            assertThat(ack.get("timestamp").asLong()).isPositive();

            JsonNode d = consumer.deliveries(1).get(0);
            assertThat(d.get("type").asText()).isEqualTo("message");
            assertThat(d.get("message").asText()).isEqualTo("hello");
            assertThat(d.get("offset").asLong()).isZero();
            assertThat(d.get("partition").asInt()).isZero();
            assertThat(d.has("id")).isFalse();
        }
    }

    /** The publish reply is streamed field by field (not built as a tree): every kind of id comes back as sent. */
    @Test
    void aPublishReplyEchoesAnyScalarIdWithTheRecordsPosition() throws Exception {
        String topic = unique("ids");
        try (LineClient producer = client()) {
            String[] ids = { "\"quote \\\" and backslash \\\\ and \\u00e9\"", "12.5", "-7", "true", "12345678901234567890" };
            for (String id : ids) {
                producer.sendRaw("{\"op\":\"publish\",\"topic\":\"" + topic + "\",\"message\":\"m\",\"id\":" + id + "}\r");
            }
            producer.sendRaw("{\"op\":\"publish\",\"topic\":\"" + topic + "\",\"message\":\"m\"}");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (int i = 0; i <= ids.length; i++) {
                JsonNode reply = producer.nextUnmatched();
                assertThat(reply).as("reply %d", i).isNotNull();
                if (i < ids.length) {
                    assertThat(reply.get("id")).isEqualTo(json.readTree(ids[i]));
                } else {
                    assertThat(reply.has("id")).isFalse();
                }
                assertThat(reply.get("ok").asBoolean()).isTrue();
                assertThat(reply.get("topic").asText()).isEqualTo(topic);
                assertThat(reply.get("partition").asInt()).isZero();
                assertThat(reply.get("offset").asLong()).isEqualTo(i);
                assertThat(reply.get("timestamp").asLong()).isPositive();
                assertThat(reply.size()).isEqualTo(i < ids.length ? 6 : 5);
            }
        }
    }

    @Test
    void severalMessagesArriveInOrder() throws Exception {
        String topic = unique("order");
        try (LineClient consumer = client(); LineClient producer = client()) {
            consumer.request(consume(topic, "c1"));
            List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                acks.add(producer.send(publish(topic, "m" + i)));
            }
            for (int i = 0; i < acks.size(); i++) {
                assertThat(acks.get(i).get().get("offset").asLong()).isEqualTo(i);
            }
            List<JsonNode> got = consumer.deliveries(500);
            for (int i = 0; i < 500; i++) {
                assertThat(got.get(i).get("message").asText()).isEqualTo("m" + i);
                assertThat(got.get(i).get("offset").asLong()).isEqualTo(i);
            }
        }
    }

    @Test
    void aLaterConsumerWithANewNameGetsEveryEarlierMessage() throws Exception {
        String topic = unique("later");
        try (LineClient producer = client()) {
            for (int i = 0; i < 5; i++) {
                producer.request(publish(topic, "early" + i));
            }
        }
        try (LineClient consumer = client()) {
            consumer.request(consume(topic, "newcomer"));
            assertThat(messages(consumer.deliveries(5))).containsExactly("early0", "early1", "early2", "early3", "early4");
        }
    }

    @Test
    void twoDifferentlyNamedConsumersBothGetEverything() throws Exception {
        String topic = unique("fanout");
        try (LineClient a = client(); LineClient b = client(); LineClient producer = client()) {
            a.request(consume(topic, "alpha"));
            b.request(consume(topic, "beta"));
            for (int i = 0; i < 10; i++) {
                producer.request(publish(topic, "x" + i));
            }
            assertThat(messages(a.deliveries(10))).isEqualTo(messages(b.deliveries(10))).hasSize(10);
        }
    }

    @Test
    void aReconnectingConsumerGetsOnlyWhatItHasNotAckedPlusWhatCameWhileAway() throws Exception {
        String topic = unique("resume");
        try (LineClient producer = client()) {
            for (int i = 0; i < 6; i++) {
                producer.request(publish(topic, "m" + i));
            }
            try (LineClient consumer = client()) {
                consumer.request(consume(topic, "worker"));
                List<JsonNode> got = consumer.deliveries(6);
                // ack the first three only
                JsonNode acked = consumer.request(ack(topic, "worker", 0, got.get(2).get("offset").asLong()));
                assertThat(acked.get("committed").asLong()).isEqualTo(3);
            }
            producer.request(publish(topic, "while-away"));
            try (LineClient again = client()) {
                again.request(consume(topic, "worker"));
                assertThat(messages(again.deliveries(4))).containsExactly("m3", "m4", "m5", "while-away");
                assertThat(again.nextDelivery(Duration.ofMillis(300))).isNull();
            }
        }
    }

    @Test
    void acksBelowTheCommittedPositionChangeNothing() throws Exception {
        String topic = unique("ackback");
        try (LineClient c = client()) {
            for (int i = 0; i < 4; i++) {
                c.request(publish(topic, "m" + i));
            }
            c.request(consume(topic, "g"));
            c.deliveries(4);
            assertThat(c.request(ack(topic, "g", 0, 3)).get("committed").asLong()).isEqualTo(4);
            assertThat(c.request(ack(topic, "g", 0, 1)).get("ok").asBoolean()).isTrue();
        }
        try (LineClient again = client()) {
            again.request(consume(topic, "g"));
            assertThat(again.nextDelivery(Duration.ofMillis(300))).isNull();
            again.request(publish(topic, "new"));
            assertThat(messages(again.deliveries(1))).containsExactly("new");
        }
    }

    @Test
    void autoAckCommitsAsItDelivers() throws Exception {
        String topic = unique("autoack");
        try (LineClient c = client()) {
            c.requestOk(publish(topic, "a"));
            c.requestOk(publish(topic, "b"));
            c.requestOk(consume(topic, "auto").put("auto_ack", true));
            assertThat(messages(c.deliveries(2))).containsExactly("a", "b");
        }
        try (LineClient again = client()) {
            // the auto-ack commit is asynchronous: a new message proves the group resumes after "b"
            again.requestOk(publish(topic, "c"));
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>()); // each probe's first delivery
            try {
                org.awaitility.Awaitility.await().atMost(LineClient.WAIT).until(() -> {
                    try (LineClient probe = client()) {
                        probe.requestOk(consume(topic, "auto"));
                        JsonNode first = probe.nextDelivery(Duration.ofSeconds(5));
                        seen.add(first == null ? "(nothing in 5 s)" : first.get("offset").asText() + ":" + first.get("message").asText());
                        return first != null && first.get("message").asText().equals("c");
                    }
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the group never resumed at \"c\"; first deliveries seen: " + seen, e);
            }
        }
    }

    @Test
    void fromEarliestLatestAndOffset() throws Exception {
        String topic = unique("from");
        try (LineClient c = client()) {
            for (int i = 0; i < 5; i++) {
                c.request(publish(topic, "m" + i));
            }
        }
        try (LineClient c = client()) {
            c.request(consume(topic, "f1").put("from", 3));
            assertThat(messages(c.deliveries(2))).containsExactly("m3", "m4");
        }
        try (LineClient c = client()) {
            c.request(consume(topic, "f2").put("from", "latest"));
            assertThat(c.nextDelivery(Duration.ofMillis(300))).isNull();
            c.request(publish(topic, "after"));
            assertThat(messages(c.deliveries(1))).containsExactly("after");
        }
        try (LineClient c = client()) {
            c.request(consume(topic, "f2").put("from", "earliest"));
            assertThat(c.deliveries(6)).hasSize(6);
        }
    }

    @Test
    void keyHeadersAndExplicitPartitionRoundTrip() throws Exception {
        String topic = unique("keyed");
        try (LineClient c = client()) {
            assertThat(c.request(op("create").put("topic", topic).put("partitions", 4)).get("ok").asBoolean()).isTrue();
            var req = publish(topic, "v1").put("key", "order-42");
            req.putObject("headers").put("source", "test").put("trace", "abc");
            JsonNode acked = c.request(req);
            int expected = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2("order-42".getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 4;
            assertThat(acked.get("partition").asInt()).isEqualTo(expected);
            assertThat(c.request(publish(topic, "v2").put("partition", 3)).get("partition").asInt()).isEqualTo(3);

            c.request(consume(topic, "k"));
            List<JsonNode> got = c.deliveries(2);
            JsonNode keyed = got.stream().filter(d -> d.get("message").asText().equals("v1")).findFirst().orElseThrow();
            assertThat(keyed.get("key").asText()).isEqualTo("order-42");
            assertThat(keyed.get("headers").get("source").asText()).isEqualTo("test");
            assertThat(keyed.get("headers").get("trace").asText()).isEqualTo("abc");
            JsonNode unkeyed = got.stream().filter(d -> d.get("message").asText().equals("v2")).findFirst().orElseThrow();
            assertThat(unkeyed.get("key").isNull()).isTrue();
        }
    }

    @Test
    void topicsCreateAndPing() throws Exception {
        String topic = unique("admin");
        try (LineClient c = client()) {
            assertThat(c.request(op("ping")).get("pong").asBoolean()).isTrue();
            c.request(op("create").put("topic", topic).put("partitions", 3));
            c.request(publish(topic, "x"));
            JsonNode topics = c.request(op("topics")).get("topics");
            JsonNode mine = null;
            for (JsonNode t : topics) {
                if (t.get("name").asText().equals(topic)) {
                    mine = t;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("partitions").asInt()).isEqualTo(3);
            assertThat(mine.get("messages").asLong()).isEqualTo(1);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredWithTheirIds() throws Exception {
        String topic = unique("pipe");
        try (LineClient c = client()) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                burst.append("{\"op\":\"publish\",\"id\":").append(i).append(",\"topic\":\"").append(topic)
                        .append("\",\"message\":\"p").append(i).append("\"}\n");
            }
            burst.append("{\"op\":\"ping\",\"id\":\"last\"}\n");
            c.sendBytes(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < 300; i++) {
                JsonNode r = c.nextUnmatched();
                assertThat(r).as("reply %d", i).isNotNull();
                assertThat(r.get("id").asInt()).isEqualTo(i);
                assertThat(r.get("offset").asLong()).isEqualTo(i);
            }
            assertThat(c.nextUnmatched().get("id").asText()).isEqualTo("last");
        }
    }

    @Test
    void membersOfOneGroupSharePartitionsAndTakeOverUnackedOnLeave() throws Exception {
        String topic = unique("shared");
        try (LineClient admin = client()) {
            admin.request(op("create").put("topic", topic).put("partitions", 4));
        }
        LineClient a = client();
        LineClient b = client();
        try (LineClient producer = client()) {
            assertThat(a.request(consume(topic, "team")).get("partitions").size()).isEqualTo(4);
            JsonNode bReply = b.request(consume(topic, "team"));
            assertThat(bReply.get("partitions").size()).isEqualTo(2);
            for (int i = 0; i < 40; i++) {
                producer.request(publish(topic, "s" + i).put("partition", i % 4));
            }
            // between them they get all 40, each partition at one member only
            List<JsonNode> all = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(LineClient.WAIT).until(() -> {
                all.addAll(a.drainDeliveries());
                all.addAll(b.drainDeliveries());
                return all.size() >= 40;
            });
            assertThat(messages(all)).hasSize(40).doesNotHaveDuplicates();
            // b acks nothing and leaves: a takes over b's partitions from the committed offset (none) and re-gets them
            List<Integer> bPartitions = new ArrayList<>();
            bReply.get("partitions").forEach(p -> bPartitions.add(p.asInt()));
            b.close();
            List<JsonNode> redelivered = a.deliveries(20);
            assertThat(redelivered).allMatch(d -> bPartitions.contains(d.get("partition").asInt()));
        } finally {
            a.close();
        }
    }

    @Test
    void aSlowConsumerIsHeldBackNotBufferedAndStillGetsEverything() throws Exception {
        String topic = unique("slow");
        String payload = "x".repeat(2000);
        try (LineClient producer = client()) {
            List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                acks.add(producer.send(publish(topic, payload + i)));
            }
            for (CompletableFuture<JsonNode> f : acks) {
                assertThat(f.get().get("ok").asBoolean()).isTrue();
            }
        }
        try (LineClient consumer = client()) {
            consumer.request(consume(topic, "slowpoke"));
            List<JsonNode> got = consumer.deliveries(3000);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).get("offset").asLong()).isEqualTo(i);
            }
        }
    }
}
