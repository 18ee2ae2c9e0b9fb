package io.kafkaclone.line;

import static io.kafkaclone.testing.LineClient.consume;
import static io.kafkaclone.testing.LineClient.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The line door reports publishes, deliveries and open connections to the Prometheus endpoint. */
@QuarkusTest
class LineMetricsTest {

    @Inject
    LineServer server;

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void publishesDeliveriesAndConnectionsAreCounted() throws Exception {
        String topic = "line-metrics-" + UUID.randomUUID().toString().substring(0, 8);
        try (LineClient c = new LineClient(server.actualPort())) {
            c.request(publish(topic, "one"));
            c.request(publish(topic, "two"));
            c.request(consume(topic, "metrics-reader"));
            c.deliveries(2);
            String published = "kafka_clone_messages_published_total{door=\"line\",topic=\"" + topic + "\"} 2.0";
            String consumed = "kafka_clone_messages_consumed_total{door=\"line\",topic=\"" + topic + "\"} 2.0";
            Awaitility.await().atMost(LineClient.WAIT).until(() -> {
                String m = metrics();
                return m.contains(published) && m.contains(consumed);
            });
            assertThat(metrics()).containsPattern("kafka_clone_connections\\{door=\"line\"} [1-9]");
        }
    }
}
