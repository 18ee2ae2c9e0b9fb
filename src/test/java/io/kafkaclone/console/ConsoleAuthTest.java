package io.kafkaclone.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kafkaclone.security.AuthEnabledProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The console with authentication on: HTTP basic against the broker's users, the bearer token still accepted. */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class ConsoleAuthTest {

    @Test
    void apiWithoutCredentialsIsA401ProblemWithABasicChallenge() {
        given().get("/api/topics").then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", containsString("Basic realm=\"kafka-clone\""))
                .body("status", equalTo(401)).body("error", equalTo("UNAUTHORIZED"));
        given().auth().preemptive().basic(AuthEnabledProfile.ALICE, "wrong").get("/api/topics").then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Basic !!not-base64").get("/api/topics").then().statusCode(401);
        given().header("Authorization", "Bearer not-the-token").get("/api/topics").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"name\":\"never\"}").post("/api/topics").then().statusCode(401);
    }

    @Test
    void healthStaysOpen() {
        given().get("/q/health").then().statusCode(200);
    }

    @Test
    void basicUserReadsAndWritesAndResourcesSeeThePrincipal() {
        String name = "console-auth-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().preemptive().basic(AuthEnabledProfile.ALICE, AuthEnabledProfile.ALICE_PASSWORD).get("/api/whoami").then()
                .statusCode(200).body("user", equalTo(AuthEnabledProfile.ALICE)).body("anonymous", equalTo(false))
                .body("authenticationRequired", equalTo(true));
        given().auth().preemptive().basic(AuthEnabledProfile.BOB, AuthEnabledProfile.BOB_PASSWORD)
                .contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"partitions\":1}").post("/api/topics").then()
                .statusCode(201).body("name", equalTo(name));
        given().auth().preemptive().basic(AuthEnabledProfile.ALICE, AuthEnabledProfile.ALICE_PASSWORD).get("/api/topics").then()
                .statusCode(200).body("name", hasItem(name));
    }

    @Test
    void theConsoleTokenStillWorksForWrites() {
        String name = "console-token-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", "Bearer " + AuthEnabledProfile.CONSOLE_TOKEN).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}").post("/api/topics").then().statusCode(201);
        given().header("Authorization", "Bearer " + AuthEnabledProfile.CONSOLE_TOKEN).get("/api/whoami").then().statusCode(200)
                .body("user", equalTo(ConsoleAuthentication.TOKEN_PRINCIPAL.name()));
    }
}
