package io.kafkaclone.console;

import static io.kafkaclone.console.TopicsApiTest.problem;
import static io.kafkaclone.console.TopicsApiTest.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.TopicLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** Topic configs (retention) and record deletion through /api/topics. */
@QuarkusTest
class TopicConfigsApiTest {

    @Inject
    Broker broker;

    private static String config(String name) {
        return "configs.find { it.name == '" + name + "' }";
    }

    @Test
    void createWithConfigsShowThemAndChangeThem() {
        String name = unique("api-ret");
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"configs\":{\"retention.ms\":3600000}}")
                .post("/api/topics").then().statusCode(201)
                .body(config("retention.ms") + ".value", equalTo("3600000")).body(config("retention.ms") + ".source", equalTo("TOPIC"));
        given().get("/api/topics/" + name).then().statusCode(200)
                .body(config("retention.bytes") + ".value", equalTo("-1")).body(config("retention.bytes") + ".source", equalTo("DEFAULT"))
                .body(config("cleanup.policy") + ".source", equalTo("FIXED"));
        given().get("/api/topics").then().body("find { it.name == '" + name + "' }.retentionMs", equalTo(3600000));

        given().contentType(ContentType.JSON).body("{\"retention.bytes\":\"1048576\",\"retention.ms\":null}")
                .patch("/api/topics/" + name + "/configs").then().statusCode(200)
                .body(config("retention.bytes") + ".value", equalTo("1048576")).body(config("retention.bytes") + ".source", equalTo("TOPIC"))
                .body(config("retention.ms") + ".value", equalTo("604800000")).body(config("retention.ms") + ".source", equalTo("DEFAULT"));

        problem(patch(name, "{\"retention.ms\":\"tomorrow\"}"), 400, "INVALID_CONFIG");
        problem(patch(name, "{\"segment.bytes\":1}"), 400, "INVALID_CONFIG");
        problem(patch(name, "{\"retention.ms\":1.5}"), 400, "BAD_REQUEST");
        problem(patch(name, "{}"), 400, "BAD_REQUEST");
        problem(patch(name, "[1]"), 400, "BAD_REQUEST");
        problem(patch(unique("missing"), "{\"retention.ms\":1}"), 404, "UNKNOWN_TOPIC");
        // nothing of a refused change was applied
        given().get("/api/topics/" + name).then().body(config("retention.bytes") + ".value", equalTo("1048576"));

        String bad = unique("api-ret-bad");
        problem(given().contentType(ContentType.JSON).body("{\"name\":\"" + bad + "\",\"configs\":{\"cleanup.policy\":\"compact\"}}")
                .post("/api/topics").then(), 400, "INVALID_CONFIG");
        problem(given().get("/api/topics/" + bad).then(), 404, "UNKNOWN_TOPIC");
    }

    private static io.restassured.response.ValidatableResponse patch(String topic, String body) {
        return given().contentType(ContentType.JSON).body(body).patch("/api/topics/" + topic + "/configs").then();
    }

    @Test
    void deleteRecordsMovesTheLogStartShownByTheConsole() throws Exception {
        TopicLog topic = broker.createTopic(unique("api-del"), 1);
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            records.add(new Record(null, ("m" + i).getBytes(StandardCharsets.UTF_8), List.of(), -1));
        }
        broker.append(topic.partition(0), records).get(30, TimeUnit.SECONDS);
        String base = "/api/topics/" + topic.name();

        given().delete(base + "/partitions/0/records?before=5").then().statusCode(200)
                .body("logStartOffset", equalTo(5)).body("logEndOffset", equalTo(8));
        given().get(base).then().body("partitions[0].logStartOffset", equalTo(5)).body("messages", equalTo(3));
        given().get(base + "/messages?partition=0").then().statusCode(200)
                .body("logStartOffset", equalTo(5)).body("messages[0].offset", equalTo(5)).body("messages.offset", hasItem(7));

        problem(given().delete(base + "/partitions/0/records?before=9").then(), 400, "OFFSET_OUT_OF_RANGE");
        problem(given().delete(base + "/partitions/0/records").then(), 400, "BAD_REQUEST");
        problem(given().delete(base + "/partitions/3/records?before=1").then(), 400, "UNKNOWN_PARTITION");
    }
}
