package io.kafkaclone.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** /api/topics: list, create, detail, delete, and every kind of bad input as a JSON problem. */
@QuarkusTest
class TopicsApiTest {

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void createListDetailDelete() {
        String name = unique("api-topic");
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"partitions\":3}")
                .post("/api/topics").then().statusCode(201).body("name", equalTo(name)).body("partitionCount", equalTo(3));
        given().get("/api/topics").then().statusCode(200).body("name", hasItem(name));
        given().get("/api/topics/" + name).then().statusCode(200)
                .body("partitions.size()", equalTo(3)).body("partitions[2].logEndOffset", equalTo(0)).body("messages", equalTo(0));
        given().contentType(ContentType.JSON).body("{\"message\":\"hello\",\"partition\":2}")
                .post("/api/topics/" + name + "/messages").then().statusCode(201).body("offset", equalTo(0));
        given().get("/api/topics/" + name).then().statusCode(200)
                .body("messages", equalTo(1)).body("partitions[2].logEndOffset", equalTo(1)).body("sizeBytes", not(equalTo(0)));
        given().delete("/api/topics/" + name).then().statusCode(204);
        given().get("/api/topics").then().body("name", not(hasItem(name)));
        problem(given().get("/api/topics/" + name).then(), 404, "UNKNOWN_TOPIC");
    }

    @Test
    void createTwiceConflicts() {
        String name = unique("api-dup");
        String body = "{\"name\":\"" + name + "\"}";
        given().contentType(ContentType.JSON).body(body).post("/api/topics").then().statusCode(201).body("partitionCount", equalTo(1));
        problem(given().contentType(ContentType.JSON).body(body).post("/api/topics").then(), 409, "TOPIC_EXISTS");
    }

    @Test
    void badTopicInputIsA400Problem() {
        problem(post("{\"name\":\"bad/name\"}"), 400, "INVALID_TOPIC");
        problem(post("{\"name\":\"..\"}"), 400, "INVALID_TOPIC");
        problem(post("{\"name\":\"\"}"), 400, "INVALID_TOPIC");
        problem(post("{\"name\":\"" + "x".repeat(250) + "\"}"), 400, "INVALID_TOPIC");
        problem(post("{\"partitions\":1}"), 400, "BAD_REQUEST");
        problem(post("{\"name\":5}"), 400, "BAD_REQUEST");
        problem(post("{\"name\":\"" + unique("p") + "\",\"partitions\":\"three\"}"), 400, "BAD_REQUEST");
        problem(post("{\"name\":\"" + unique("p") + "\",\"partitions\":0}"), 400, "BAD_REQUEST");
        problem(post("{\"name\":\"" + unique("p") + "\",\"partitions\":1.5}"), 400, "BAD_REQUEST");
        problem(post("{\"name\":\"" + unique("p") + "\",\"partitions\":99999999999}"), 400, "BAD_REQUEST");
        problem(post("{\"name\":"), 400, "BAD_REQUEST");
        problem(post("not json"), 400, "BAD_REQUEST");
        problem(post("[1,2]"), 400, "BAD_REQUEST");
        problem(post("\"a string\""), 400, "BAD_REQUEST");
        problem(post(""), 400, "BAD_REQUEST");
        problem(given().contentType(ContentType.TEXT).body("name=x").post("/api/topics").then(), 415, "UNSUPPORTED_MEDIA_TYPE");
        problem(given().get("/api/topics/bad%20name").then(), 400, "INVALID_TOPIC");
        problem(given().delete("/api/topics/" + unique("never")).then(), 404, "UNKNOWN_TOPIC");
        problem(given().put("/api/topics").then(), 405, "METHOD_NOT_ALLOWED");
        problem(given().get("/api/no-such-thing").then(), 404, "NOT_FOUND");
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/topics").then();
    }

    static void problem(io.restassured.response.ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType(startsWith("application/json"))
                .body("status", equalTo(status)).body("error", equalTo(code)).body("message", not(equalTo(null)));
    }
}
