package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.producer;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Records produced through the Kafka door and its open connections show up in the Prometheus metrics. */
@QuarkusTest
class KafkaMetricsTest {

    @Inject
    KafkaServer kafka;

    @Test
    void producedRecordsAndConnectionsAreCounted() throws Exception {
        String topic = unique("kafka-metrics");
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
            String published = "kafka_clone_messages_published_total{door=\"kafka\",topic=\"" + topic + "\"} 3.0";
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                String m = given().get("/q/metrics").then().statusCode(200).extract().asString();
                return m.contains(published) && m.matches("(?s).*kafka_clone_connections\\{door=\"kafka\"} [1-9].*");
            });
        }
    }
}
