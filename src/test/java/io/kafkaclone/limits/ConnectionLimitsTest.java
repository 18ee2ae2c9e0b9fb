package io.kafkaclone.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.kafka.KafkaServer;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Connection limits with real sockets on both doors, from several loopback addresses (127.0.0.x) so
 * that the per-address and the global limits can be told apart: 6 in total, 3 per address, 1 for 127.0.0.3.
 */
@QuarkusTest
@TestProfile(ConnectionLimitsTest.Limited.class)
class ConnectionLimitsTest {
    static final int MAX = 6;
    static final int PER_IP = 3;

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka-clone.limits.max-connections", String.valueOf(MAX),
                    "kafka-clone.limits.max-connections-per-ip", String.valueOf(PER_IP),
                    "kafka-clone.limits.max-connections-per-ip-overrides.\"127.0.0.3\"", "1");
        }
    }

    @Inject
    LineServer line;
    @Inject
    KafkaServer kafka;
    @Inject
    ConnectionLimiter limiter;
    @Inject
    MeterRegistry registry;

    private final List<AutoCloseable> held = new ArrayList<>();

    @BeforeEach
    void noConnectionsLeft() {
        awaitOpen(0);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : held) {
            c.close();
        }
        held.clear();
        awaitOpen(0);
    }

    private void awaitOpen(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> limiter.openConnections() == n);
    }

    private LineClient lineFrom(String address) throws Exception {
        Socket s = new Socket(InetAddress.getByName("127.0.0.1"), line.actualPort(), InetAddress.getByName(address), 0);
        LineClient c = new LineClient(s);
        held.add(c);
        return c;
    }

    private KafkaSocket kafkaFrom(String address) throws Exception {
        KafkaSocket k = new KafkaSocket(address, kafka.actualPort());
        held.add(k);
        return k;
    }

    private static void assertServed(LineClient c) throws Exception {
        assertThat(c.requestOk(LineClient.op("ping")).get("pong").asBoolean()).isTrue();
    }

    /** The refused line client is told why, then the broker closes its connection. */
    private static String assertRefused(LineClient c) throws Exception {
        JsonNode reply = c.nextUnmatched();
        assertThat(reply).as("error line").isNotNull();
        assertThat(reply.get("ok").asBoolean()).isFalse();
        assertThat(reply.at("/error/code").asText()).isEqualTo("TOO_MANY_CONNECTIONS");
        assertThat(c.awaitClosedByServer()).isTrue();
        return reply.at("/error/message").asText();
    }

    @Test
    void lineDoorRefusesOneMoreThanThePerAddressLimitAndAcceptsAgainAfterAClose() throws Exception {
        List<LineClient> atLimit = new ArrayList<>();
        for (int i = 0; i < PER_IP; i++) {
            LineClient c = lineFrom("127.0.0.1");
            assertServed(c);
            atLimit.add(c);
        }
        assertThat(limiter.openConnections()).isEqualTo(PER_IP);

        String why = assertRefused(lineFrom("127.0.0.1"));
        assertThat(why).contains("127.0.0.1").contains("maximum of " + PER_IP);
        for (LineClient c : atLimit) {
            assertServed(c); // the connections held are untouched
        }
        assertServed(lineFrom("127.0.0.2")); // another address has its own allowance

        atLimit.get(0).close();
        awaitOpen(PER_IP); // 2 left from 127.0.0.1, 1 from 127.0.0.2
        assertServed(lineFrom("127.0.0.1"));
    }

    @Test
    void globalLimitCountsBothDoorsAndEveryAddress() throws Exception {
        // 6 connections: 3 line from .1, 2 Kafka from .2, 1 line from .4
        List<LineClient> lines = new ArrayList<>();
        for (int i = 0; i < PER_IP; i++) {
            lines.add(lineFrom("127.0.0.1"));
        }
        List<KafkaSocket> kafkas = List.of(kafkaFrom("127.0.0.2"), kafkaFrom("127.0.0.2"));
        lines.add(lineFrom("127.0.0.4"));
        for (LineClient c : lines) {
            assertServed(c);
        }
        for (KafkaSocket k : kafkas) {
            assertThat(k.served()).isTrue();
        }
        assertThat(limiter.openConnections()).isEqualTo(MAX);

        // a 7th, from an address with no connection at all, is refused on either door
        double kafkaRefusals = refusals("kafka");
        double lineRefusals = refusals("line");
        KafkaSocket refusedKafka = kafkaFrom("127.0.0.5");
        assertThat(refusedKafka.closedByBroker()).isTrue();
        String why = assertRefused(lineFrom("127.0.0.5"));
        assertThat(why).contains("maximum of " + MAX);
        assertThat(refusals("kafka")).isEqualTo(kafkaRefusals + 1);
        assertThat(refusals("line")).isEqualTo(lineRefusals + 1);

        for (KafkaSocket k : kafkas) {
            assertThat(k.served()).isTrue();
        }
        for (LineClient c : lines) {
            assertServed(c);
        }

        kafkas.get(0).close();
        awaitOpen(MAX - 1);
        assertThat(kafkaFrom("127.0.0.5").served()).isTrue();
    }

    private double refusals(String door) {
        Counter c = registry.find("kafka.clone.connections.refused").tag("door", door).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void perAddressOverrideReplacesTheDefault() throws Exception {
        KafkaSocket only = kafkaFrom("127.0.0.3");
        assertThat(only.served()).isTrue();
        assertThat(kafkaFrom("127.0.0.3").closedByBroker()).isTrue();
        assertThat(assertRefused(lineFrom("127.0.0.3"))).contains("maximum of 1 ");
        assertThat(only.served()).isTrue();
    }
}
