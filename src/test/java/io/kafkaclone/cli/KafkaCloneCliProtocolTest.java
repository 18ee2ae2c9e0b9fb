package io.kafkaclone.cli;

import static io.kafkaclone.cli.FakeLineBroker.error;
import static io.kafkaclone.cli.FakeLineBroker.ok;
import static io.kafkaclone.cli.FakeLineBroker.published;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The CLI's side of the line protocol against a scripted fake broker: requests sent, replies printed, acks, errors. */
class KafkaCloneCliProtocolTest {

    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    private static Run run(FakeLineBroker broker, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        KafkaCloneCli cli = new KafkaCloneCli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                Map.of("HOST", "127.0.0.1", "PORT", String.valueOf(broker.port())), false);
        int code = KafkaCloneCli.commandLine(cli, out, err).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void publishSendsKeyHeadersAndPartitionAndPrintsThePosition() throws Exception {
        try (FakeLineBroker broker = new FakeLineBroker((req, conn) -> conn.send(published(req, 42)))) {
            Run r = run(broker, "", "-p", "-t", "orders", "-m", "hello", "-k", "k1", "-H", "a=1", "-H", "b=2", "--partition", "0");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.lines()).containsExactly("orders-0@42");
            JsonNode request = broker.requests().get(0);
            assertThat(request.path("op").asText()).isEqualTo("publish");
            assertThat(request.path("topic").asText()).isEqualTo("orders");
            assertThat(request.path("message").asText()).isEqualTo("hello");
            assertThat(request.path("key").asText()).isEqualTo("k1");
            assertThat(request.path("headers").path("a").asText()).isEqualTo("1");
            assertThat(request.path("headers").path("b").asText()).isEqualTo("2");
            assertThat(request.path("partition").asInt(-1)).isZero();
        }
    }

    @Test
    void brokerErrorIsPrintedWithItsCodeAndExitsOne() throws Exception {
        try (FakeLineBroker broker = new FakeLineBroker((req, conn) -> conn.send(error(req, "INVALID_TOPIC", "bad name")))) {
            Run r = run(broker, "", "-p", "-t", "bad", "-m", "x");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("broker error INVALID_TOPIC: bad name");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void stdinLinesArePipelinedAndPrintedInInputOrderEvenIfRepliesComeOutOfOrder() throws Exception {
        List<JsonNode> held = new ArrayList<>();
        try (FakeLineBroker broker = new FakeLineBroker((req, conn) -> {
            held.add(req); // answer only once all three are in, proving they were sent without waiting
            if (held.size() == 3) {
                for (int i = 2; i >= 0; i--) {
                    conn.send(published(held.get(i), 10 + i));
                }
            }
        })) {
            Run r = run(broker, "one\ntwo\nthree\n", "-p", "-t", "t", "-m", "-");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.lines()).containsExactly("t-0@10", "t-0@11", "t-0@12");
            assertThat(broker.requests()).extracting(q -> q.path("message").asText()).containsExactly("one", "two", "three");
        }
    }

    @Test
    void aRefusedStdinLineIsReportedAndTheRunExitsOne() throws Exception {
        try (FakeLineBroker broker = new FakeLineBroker((req, conn) -> conn.send(req.path("message").asText().isEmpty()
                ? error(req, "BAD_REQUEST", "empty")
                : published(req, req.path("id").asLong())))) {
            Run r = run(broker, "a\n\nc\n", "-p", "-t", "t", "-m", "-");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.lines()).containsExactly("t-0@1", "t-0@3");
            assertThat(r.err()).contains("line 2 refused: BAD_REQUEST: empty");
        }
    }

    @Test
    void consumerPrintsEachValueAcksItAfterwardsAndFailsWhenTheBrokerHangsUp() throws Exception {
        String binary = Base64.getEncoder().encodeToString("bin".getBytes(StandardCharsets.UTF_8));
        try (FakeLineBroker broker = new FakeLineBroker((req, conn) -> {
            switch (req.path("op").asText()) {
                case "consume" -> {
                    conn.send(ok(req, "\"topic\":\"t\",\"consumer\":\"me\",\"partitions\":[0,1]"));
                    conn.send("{\"type\":\"message\",\"topic\":\"t\",\"partition\":1,\"offset\":7,\"message\":\"first\"}");
                    conn.send("{\"type\":\"message\",\"topic\":\"t\",\"partition\":0,\"offset\":3,\"message\":\"" + binary
                            + "\",\"encoding\":\"base64\"}");
                }
                case "ack" -> {
                    conn.send(ok(req, "\"committed\":" + (req.path("offset").asLong() + 1)));
                    if (req.path("offset").asLong() == 3) {
                        conn.close();
                    }
                }
                default -> conn.send(error(req, "UNKNOWN_OP", "?"));
            }
        })) {
            Run r = run(broker, "", "-c", "-t", "t", "-n", "me", "--from", "earliest");
            assertThat(r.lines()).containsExactly("first", "bin");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("closed the connection");
            List<JsonNode> requests = broker.requests();
            assertThat(requests.get(0).path("consumer").asText()).isEqualTo("me");
            assertThat(requests.get(0).path("from").asText()).isEqualTo("earliest");
            assertThat(requests).filteredOn(q -> q.path("op").asText().equals("ack"))
                    .extracting(q -> q.path("partition").asInt() + "@" + q.path("offset").asLong())
                    .containsExactly("1@7", "0@3");
        }
    }

    @Test
    void consumerRefusedByTheBrokerExitsOne() throws Exception {
        try (FakeLineBroker broker = new FakeLineBroker((req, conn) -> conn.send(error(req, "UNKNOWN_TOPIC", "no such topic")))) {
            Run r = run(broker, "", "-c", "-t", "t", "-n", "me", "--from", "12");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("broker error UNKNOWN_TOPIC: no such topic");
            assertThat(broker.requests().get(0).path("from").isNumber()).isTrue();
        }
    }
}
