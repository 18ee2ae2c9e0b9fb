package io.kafkaclone.console;

import static io.kafkaclone.console.TopicsApiTest.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.metrics.BrokerMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** Health probes, Prometheus metrics and the OpenAPI document. */
@QuarkusTest
class ObservabilityTest {

    @Inject
    Broker broker;

    @Inject
    BrokerMetrics metrics;

    @Test
    void healthIsUpWithDatabaseAndListenerChecks() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-clone listeners' }.data.line", equalTo("listening"))
                .body("checks.name", hasItem("Database connections health check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("kafka-clone broker"));
    }

    @Test
    void metricsCountPublishesAndShowLag() throws Exception {
        TopicLog t = broker.createTopic(unique("metrics"), 1);
        given().contentType(ContentType.JSON).body("{\"message\":\"a\"}").post("/api/topics/" + t.name() + "/messages").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"message\":\"b\"}").post("/api/topics/" + t.name() + "/messages").then().statusCode(201);
        String group = unique("metrics-group");
        broker.commitOffset(group, t.partition(0).topicPartition(), 0, null, false).get(30, TimeUnit.SECONDS);
        metrics.connectionOpened("test-door");
        metrics.refresh();
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("kafka_clone_messages_published_total{door=\"rest\",topic=\"" + t.name() + "\"} 2.0"))
                .body(containsString("kafka_clone_consumer_lag{group=\"" + group + "\",partition=\"0\",topic=\"" + t.name() + "\"} 2.0"))
                .body(containsString("kafka_clone_connections{door=\"test-door\"} 1.0"))
                .body(containsString("kafka_clone_topic_messages{topic=\"" + t.name() + "\"} 2.0"))
                .body(containsString("kafka_clone_read_cache_hits_total "))
                .body(containsString("kafka_clone_read_cache_misses_total "))
                .body(containsString("kafka_clone_read_cache_bytes "));
        metrics.connectionClosed("test-door");
    }

    @Test
    void countersAreKeptApartByMeterDoorAndTopic() {
        TopicLog a = broker.createTopic(unique("metrics-a"), 1);
        TopicLog b = broker.createTopic(unique("metrics-b"), 1);
        metrics.published("kafka", a.name(), 3);
        metrics.published("kafka", a.name(), 4);
        metrics.published("line", a.name(), 1);
        metrics.published("kafka", b.name(), 5);
        metrics.consumed("kafka", a.name(), 6);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("kafka_clone_messages_published_total{door=\"kafka\",topic=\"" + a.name() + "\"} 7.0"))
                .body(containsString("kafka_clone_messages_published_total{door=\"line\",topic=\"" + a.name() + "\"} 1.0"))
                .body(containsString("kafka_clone_messages_published_total{door=\"kafka\",topic=\"" + b.name() + "\"} 5.0"))
                .body(containsString("kafka_clone_messages_consumed_total{door=\"kafka\",topic=\"" + a.name() + "\"} 6.0"));
    }

    @Test
    void openApiDescribesTheConsoleAndSwaggerUiIsServed() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/topics/{name}/messages")).body(containsString("/api/consumers/{name}/reset"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
