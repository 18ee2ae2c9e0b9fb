package io.kafkaclone.console;

import static io.kafkaclone.console.TopicsApiTest.problem;
import static io.kafkaclone.console.TopicsApiTest.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kafkaclone.core.AppendResult;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.Header;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** /api/topics/{name}/messages: paging both ways, seek by offset and time, binary payloads, publish. */
@QuarkusTest
class MessagesApiTest {

    @Inject
    Broker broker;

    private TopicLog topicWith(int count, long firstTimestamp) throws Exception {
        TopicLog t = broker.createTopic(unique("api-msg"), 1);
        List<CompletableFuture<AppendResult>> fs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fs.add(broker.append(t.partition(0), List.of(new Record(("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("m" + i).getBytes(StandardCharsets.UTF_8), List.of(), firstTimestamp + i * 1000L))));
        }
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return t;
    }

    @Test
    void pagesOldestFirstAndNewestFirst() throws Exception {
        TopicLog t = topicWith(25, 1_700_000_000_000L);
        String path = "/api/topics/" + t.name() + "/messages";
        JsonPath first = given().get(path + "?limit=10").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("messages.offset", Integer.class)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(first.getInt("nextOffset")).isEqualTo(10);
        assertThat(first.getBoolean("hasMore")).isTrue();
        assertThat(first.getString("messages[3].value")).isEqualTo("m3");
        assertThat(first.getString("messages[3].key")).isEqualTo("k3");
        given().get(path + "?offset=20&limit=10").then().statusCode(200)
                .body("messages.offset", contains(20, 21, 22, 23, 24)).body("nextOffset", equalTo(25)).body("hasMore", equalTo(false));
        given().get(path + "?order=newest&limit=10").then().statusCode(200)
                .body("messages.offset", contains(24, 23, 22, 21, 20, 19, 18, 17, 16, 15)).body("nextOffset", equalTo(14))
                .body("hasMore", equalTo(true));
        given().get(path + "?order=newest&offset=3&limit=10").then().statusCode(200)
                .body("messages.offset", contains(3, 2, 1, 0)).body("hasMore", equalTo(false));
        given().get(path + "?offset=99").then().statusCode(200).body("messages.size()", equalTo(0)).body("hasMore", equalTo(false));
    }

    @Test
    void seeksByTimestamp() throws Exception {
        TopicLog t = topicWith(10, 1_600_000_000_000L);
        String path = "/api/topics/" + t.name() + "/messages";
        given().get(path + "?timestamp=" + (1_600_000_000_000L + 6500) + "&limit=2").then().statusCode(200)
                .body("messages.offset", contains(7, 8)).body("messages[0].timestamp", equalTo(1_600_000_007_000L));
        given().get(path + "?timestamp=" + (1_600_000_000_000L + 999_999)).then().statusCode(200).body("messages.size()", equalTo(0));
    }

    @Test
    void binaryPayloadsComeBackAsBase64() throws Exception {
        TopicLog t = broker.createTopic(unique("api-bin"), 1);
        byte[] binary = { (byte) 0xff, 0, (byte) 0xfe, 1 };
        broker.append(t.partition(0), List.of(new Record(null, binary, List.of(new Header("h", binary), new Header("n", null)), -1)))
                .get(30, TimeUnit.SECONDS);
        String b64 = Base64.getEncoder().encodeToString(binary);
        given().get("/api/topics/" + t.name() + "/messages").then().statusCode(200)
                .body("messages[0].value", equalTo(b64)).body("messages[0].valueEncoding", equalTo("base64"))
                .body("messages[0].key", nullValue()).body("messages[0].headers[0].value", equalTo(b64))
                .body("messages[0].headers[0].encoding", equalTo("base64")).body("messages[0].headers[1].value", nullValue());
    }

    @Test
    void publishStoresKeyHeadersAndPartition() throws Exception {
        TopicLog t = broker.createTopic(unique("api-pub"), 2);
        String path = "/api/topics/" + t.name() + "/messages";
        given().contentType(ContentType.JSON).body("{\"message\":\"héllo\",\"key\":\"k1\",\"headers\":{\"a\":\"1\",\"b\":null},\"partition\":1}")
                .post(path).then().statusCode(201).body("partition", equalTo(1)).body("offset", equalTo(0)).body("topic", equalTo(t.name()));
        String b64 = Base64.getEncoder().encodeToString(new byte[] { (byte) 0x80, 2 });
        given().contentType(ContentType.JSON).body("{\"message\":\"" + b64 + "\",\"encoding\":\"base64\",\"partition\":1}")
                .post(path).then().statusCode(201).body("offset", equalTo(1));
        List<StoredRecord> stored = broker.readRecords(t.partition(1), 0, 1 << 20);
        assertThat(stored).hasSize(2);
        assertThat(new String(stored.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(new String(stored.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(stored.get(0).headers()).extracting(Header::key).containsExactly("a", "b");
        assertThat(stored.get(0).headers().get(1).value()).isNull();
        assertThat(stored.get(1).value()).containsExactly((byte) 0x80, 2);
        // a keyed publish without a partition goes where Kafka's partitioner puts the key
        int expected = broker.choosePartition(t, "the-key".getBytes(StandardCharsets.UTF_8));
        given().contentType(ContentType.JSON).body("{\"message\":\"x\",\"key\":\"the-key\"}").post(path).then().statusCode(201)
                .body("partition", equalTo(expected));
    }

    @Test
    void badMessageRequestsAreProblems() throws Exception {
        TopicLog t = topicWith(1, 1_700_000_000_000L);
        String path = "/api/topics/" + t.name() + "/messages";
        problem(given().get(path + "?partition=abc").then(), 400, "BAD_REQUEST");
        problem(given().get(path + "?partition=-1").then(), 400, "BAD_REQUEST");
        problem(given().get(path + "?partition=5").then(), 400, "UNKNOWN_PARTITION");
        problem(given().get(path + "?offset=x").then(), 400, "BAD_REQUEST");
        problem(given().get(path + "?limit=0").then(), 400, "BAD_REQUEST");
        problem(given().get(path + "?limit=100000").then(), 400, "BAD_REQUEST");
        problem(given().get(path + "?order=sideways").then(), 400, "BAD_REQUEST");
        problem(given().get(path + "?offset=1&timestamp=5").then(), 400, "BAD_REQUEST");
        problem(given().get("/api/topics/" + unique("none") + "/messages").then(), 404, "UNKNOWN_TOPIC");
        problem(given().get("/api/topics/bad*name/messages").then(), 400, "INVALID_TOPIC");
        problem(publish(path, "{}"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":42}"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":\"x\",\"key\":[1]}"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":\"x\",\"headers\":[\"a\"]}"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":\"x\",\"headers\":{\"a\":1}}"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":\"x\",\"partition\":\"0\"}"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":\"x\",\"partition\":7}"), 400, "UNKNOWN_PARTITION");
        problem(publish(path, "{\"message\":\"***\",\"encoding\":\"base64\"}"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":\"x\",\"encoding\":\"rot13\"}"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":\"x\""), 400, "BAD_REQUEST");
        problem(publish(path, "null"), 400, "BAD_REQUEST");
        problem(publish(path, "{\"message\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}"), 413, "MESSAGE_TOO_LARGE");
        problem(publish("/api/topics/" + unique("none") + "/messages", "{\"message\":\"x\"}"), 404, "UNKNOWN_TOPIC");
        assertThat(t.partition(0).logEndOffset()).isEqualTo(1);
    }

    private static io.restassured.response.ValidatableResponse publish(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }
}
