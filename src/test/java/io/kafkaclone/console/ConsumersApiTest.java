package io.kafkaclone.console;

import static io.kafkaclone.console.TopicsApiTest.problem;
import static io.kafkaclone.console.TopicsApiTest.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.ConsumerGroups;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.TopicLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** /api/consumers: groups with members, committed offsets and lag; offset reset rules. */
@QuarkusTest
class ConsumersApiTest {

    @Inject
    Broker broker;

    private TopicLog topicWith(int partitions, int perPartition) throws Exception {
        TopicLog t = broker.createTopic(unique("api-grp"), partitions);
        for (int p = 0; p < partitions; p++) {
            for (int i = 0; i < perPartition; i++) {
                broker.append(t.partition(p), List.of(new Record(null, ("m" + i).getBytes(StandardCharsets.UTF_8), List.of(), -1)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        return t;
    }

    @Test
    void showsCommittedOffsetsLagAndMembers() throws Exception {
        TopicLog t = topicWith(2, 5);
        String group = unique("grp");
        broker.commitOffset(group, t.partition(0).topicPartition(), 2, "meta", false).get(30, TimeUnit.SECONDS);
        broker.commitOffset(group, t.partition(1).topicPartition(), 5, null, false).get(30, TimeUnit.SECONDS);
        given().get("/api/consumers").then().statusCode(200).body("name", hasItem(group));
        given().get("/api/consumers/" + group).then().statusCode(200)
                .body("state", equalTo("empty")).body("totalLag", equalTo(3))
                .body("offsets[0].committedOffset", equalTo(2)).body("offsets[0].lag", equalTo(3))
                .body("offsets[0].logEndOffset", equalTo(5)).body("offsets[0].metadata", equalTo("meta"))
                .body("offsets[1].lag", equalTo(0));
        ConsumerGroups.Member m = broker.groups().join(group, t, "test-client", parts -> {
        });
        try {
            given().get("/api/consumers/" + group).then().statusCode(200).body("state", equalTo("active"))
                    .body("members[0].clientInfo", equalTo("test-client")).body("members[0].partitions.size()", equalTo(2));
            problem(reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":\"earliest\"}"), 409, "GROUP_ACTIVE");
        } finally {
            m.leave();
        }
        reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":\"earliest\"}").statusCode(200)
                .body("offsets[0].committedOffset", equalTo(0)).body("offsets[1].committedOffset", equalTo(0));
        assertThat(broker.committedOffset(group, t.partition(1).topicPartition())).hasValue(0);
        reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":\"latest\",\"partition\":0}").statusCode(200)
                .body("offsets[0].committedOffset", equalTo(5)).body("offsets[0].lag", equalTo(0))
                .body("offsets[1].committedOffset", equalTo(0));
        reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":3}").statusCode(200);
        assertThat(broker.committedOffset(group, t.partition(0).topicPartition())).hasValue(3);
        assertThat(broker.committedOffset(group, t.partition(1).topicPartition())).hasValue(3);
    }

    @Test
    void badConsumerRequestsAreProblems() throws Exception {
        TopicLog t = topicWith(1, 2);
        String group = unique("grp-bad");
        problem(given().get("/api/consumers/" + unique("nobody")).then(), 404, "UNKNOWN_GROUP");
        problem(given().get("/api/consumers/" + "g".repeat(300)).then(), 400, "BAD_REQUEST");
        problem(reset(group, "{\"to\":\"earliest\"}"), 400, "BAD_REQUEST");
        problem(reset(group, "{\"topic\":\"" + t.name() + "\"}"), 400, "BAD_REQUEST");
        problem(reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":\"middle\"}"), 400, "BAD_REQUEST");
        problem(reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":1.5}"), 400, "BAD_REQUEST");
        problem(reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":99}"), 400, "OFFSET_OUT_OF_RANGE");
        problem(reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":-1}"), 400, "OFFSET_OUT_OF_RANGE");
        problem(reset(group, "{\"topic\":\"" + t.name() + "\",\"to\":0,\"partition\":3}"), 400, "UNKNOWN_PARTITION");
        problem(reset(group, "{\"topic\":\"" + unique("none") + "\",\"to\":0}"), 404, "UNKNOWN_TOPIC");
        problem(reset(group, "{\"topic\":\"a/b\",\"to\":0}"), 400, "INVALID_TOPIC");
        problem(reset(group, "{oops"), 400, "BAD_REQUEST");
        problem(reset(group, "[]"), 400, "BAD_REQUEST");
        assertThat(broker.committedOffset(group, t.partition(0).topicPartition())).isEmpty();
    }

    private static io.restassured.response.ValidatableResponse reset(String group, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/consumers/" + group + "/reset").then();
    }
}
