package io.kafkaclone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.testing.LineClient;

/** The packaged CLI jar against the packaged app, end to end, as a user runs them. */
class CliIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static PackagedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = PackagedBroker.start(PackagedBroker.newDataDir("cli"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String port() {
        return String.valueOf(broker.linePort());
    }

    private static String newTopic() {
        return "cli-" + UUID.randomUUID();
    }

    private static List<String> storedMessages(String topic) throws Exception {
        return TopicContents.readAll(broker.linePort(), topic, DEADLINE).stream().map(d -> d.path("message").asText()).toList();
    }

    @Test
    void publishPrintsThePositionOfTheRecord() throws Exception {
        String topic = newTopic();
        try (CliProcess first = CliProcess.start("--port", port(), "-p", "-t", topic, "-m", "hello world")) {
            assertThat(first.awaitExit(DEADLINE)).as(first.stderr()).isZero();
            assertThat(first.remainingLines(DEADLINE)).containsExactly(topic + "-0@0");
        }
        try (CliProcess second = CliProcess.start("-s", "127.0.0.1:" + port(), "-p", "-t", topic, "-m", "again", "-k", "user-1",
                "-H", "source=cli")) {
            assertThat(second.awaitExit(DEADLINE)).as(second.stderr()).isZero();
            assertThat(second.remainingLines(DEADLINE)).containsExactly(topic + "-0@1");
        }
        List<JsonNode> stored = TopicContents.readAll(broker.linePort(), topic, DEADLINE);
        assertThat(stored).extracting(d -> d.path("message").asText()).containsExactly("hello world", "again");
        assertThat(stored.get(1).path("key").asText()).isEqualTo("user-1");
        assertThat(stored.get(1).path("headers").path("source").asText()).isEqualTo("cli");
    }

    @Test
    void dashMessagePublishesEachLineOfStdin() throws Exception {
        String topic = newTopic();
        try (CliProcess cli = CliProcess.start("--host", "127.0.0.1", "--port", port(), "-p", "-t", topic, "-m", "-")) {
            cli.stdin("first\nsecond line\nthird\n");
            assertThat(cli.awaitExit(DEADLINE)).as(cli.stderr()).isZero();
            assertThat(cli.remainingLines(DEADLINE)).containsExactly(topic + "-0@0", topic + "-0@1", topic + "-0@2");
        }
        assertThat(storedMessages(topic)).containsExactly("first", "second line", "third");
    }

    @Test
    void consumerPrintsMessagesAsTheyArriveAndANewConsumerOfTheSameNameResumes() throws Exception {
        String topic = newTopic();
        String name = "cli-consumer-" + UUID.randomUUID();
        try (LineClient producer = new LineClient(broker.linePort())) {
            producer.requestOk(LineClient.publish(topic, "before"));
            try (CliProcess consumer = CliProcess.start("--port", port(), "-c", "-t", topic, "-n", name)) {
                assertThat(consumer.nextLine(DEADLINE)).isEqualTo("before");
                producer.requestOk(LineClient.publish(topic, "while-running-1"));
                assertThat(consumer.nextLine(DEADLINE)).isEqualTo("while-running-1");
                producer.requestOk(LineClient.publish(topic, "while-running-2"));
                assertThat(consumer.nextLine(DEADLINE)).isEqualTo("while-running-2");
                // Ctrl-C: the shutdown hook closes the socket quietly
                consumer.interrupt(DEADLINE);
                assertThat(consumer.stderr()).doesNotContain("Exception");
            }
            producer.requestOk(LineClient.publish(topic, "after"));
            try (CliProcess resumed = CliProcess.start("--port", port(), "-c", "-t", topic, "-n", name)) {
                // acks are sent after printing, so the last line printed before Ctrl-C may come again (at-least-once);
                // everything acknowledged before it must not
                String first = resumed.nextLine(DEADLINE);
                assertThat(first).isIn("while-running-2", "after");
                if (!first.equals("after")) {
                    assertThat(resumed.nextLine(DEADLINE)).isEqualTo("after");
                }
            }
        }
    }

    @Test
    void consumerFromEarliestReadsEverythingWhateverItsName() throws Exception {
        String topic = newTopic();
        try (LineClient producer = new LineClient(broker.linePort())) {
            producer.requestOk(LineClient.publish(topic, "one"));
            producer.requestOk(LineClient.publish(topic, "two"));
        }
        try (CliProcess consumer = CliProcess.start("--port", port(), "-c", "-t", topic, "-n", "early-" + UUID.randomUUID(),
                "--from", "earliest")) {
            assertThat(consumer.nextLine(DEADLINE)).isEqualTo("one");
            assertThat(consumer.nextLine(DEADLINE)).isEqualTo("two");
        }
    }

    @Test
    void refusedConnectionExitsOneWithAMessage() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (CliProcess cli = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(closedPort), "-p", "-t", "x",
                "-m", "y")) {
            assertThat(cli.awaitExit(DEADLINE)).isEqualTo(1);
            assertThat(cli.stderr()).contains("cannot connect to the broker at 127.0.0.1:" + closedPort);
            assertThat(cli.remainingLines(DEADLINE)).isEmpty();
        }
    }

    @Test
    void usageErrorExitsTwo() throws Exception {
        try (CliProcess cli = CliProcess.start("-c", "-t", "x")) {
            assertThat(cli.awaitExit(DEADLINE)).isEqualTo(2);
            assertThat(cli.stderr()).contains("--name").contains("Usage:");
        }
    }

    @Test
    void brokerErrorExitsOneWithItsCode() throws Exception {
        try (CliProcess cli = CliProcess.start("--port", port(), "-p", "-t", "not a valid topic!", "-m", "y")) {
            assertThat(cli.awaitExit(DEADLINE)).isEqualTo(1);
            assertThat(cli.stderr()).contains("INVALID_TOPIC");
            assertThat(cli.remainingLines(DEADLINE)).isEmpty();
        }
    }
}
