package io.kafkaclone.security;

import io.kafkaclone.testing.TestNames;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.kafkaclone.security.RefusalAssertions.WAIT;
import static io.kafkaclone.security.RefusalAssertions.lineForbidden;
import static io.kafkaclone.security.RefusalAssertions.pollUntilFailure;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.kafka.KafkaServer;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.AclTestProfile;
import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * The same rules give the same answers on the Kafka, line and console doors (real kafka-clients, a real
 * line socket, real HTTP). Clients here do not authenticate, so they are ANONYMOUS, which
 * {@link AclTestProfile} allows to write {@code wo-*}, read {@code ro-*}, use groups {@code ok-*}
 * and do anything to {@code own-*}; topics are set up through the core, which has no doors to guard.
 */
@QuarkusTest
@TestProfile(AclTestProfile.class)
class AuthorizationAcrossDoorsTest {

    @Inject
    Broker broker;
    @Inject
    KafkaServer kafka;
    @Inject
    LineServer line;

    private Properties kafkaProps() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafka.actualPort());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        return p;
    }

    private KafkaProducer<String, String> producer() {
        Properties p = kafkaProps();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Properties p = kafkaProps();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }


    private static void forbidden(ValidatableResponse response) {
        response.statusCode(403).contentType(ContentType.JSON).body("status", equalTo(403)).body("error", equalTo("FORBIDDEN"));
    }


    @Test
    void writeButNotRead() throws Exception {
        String topic = TestNames.unique("wo");
        broker.createTopic(topic, 1);

        // Kafka: the produce is accepted, the fetch refused per partition
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "from kafka")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer(TestNames.unique("ok"))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertThat(pollUntilFailure(consumer)).isInstanceOf(TopicAuthorizationException.class)
                    .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics()).containsExactly(topic));
        }
        // line: publish ok, consume FORBIDDEN
        try (LineClient client = new LineClient(line.actualPort())) {
            assertThat(client.requestOk(LineClient.publish(topic, "from line")).get("offset").asLong()).isEqualTo(1);
            lineForbidden(client.request(LineClient.consume(topic, TestNames.unique("ok"))));
        }
        // console: publish 201, read 403
        given().contentType(ContentType.JSON).body("{\"message\":\"from rest\"}").post("/api/topics/" + topic + "/messages")
                .then().statusCode(201).body("offset", equalTo(2));
        forbidden(given().get("/api/topics/" + topic + "/messages").then());
        assertThat(broker.requireTopic(topic).messageCount()).isEqualTo(3);
    }

    @Test
    void readButNotWrite() throws Exception {
        String topic = TestNames.unique("ro");
        broker.createTopic(topic, 1);
        String group = TestNames.unique("ok");

        try (KafkaProducer<String, String> producer = producer()) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "v")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (LineClient client = new LineClient(line.actualPort())) {
            lineForbidden(client.request(LineClient.publish(topic, "nope")));
            client.requestOk(LineClient.consume(topic, group));
        }
        forbidden(given().contentType(ContentType.JSON).body("{\"message\":\"nope\"}").post("/api/topics/" + topic + "/messages").then());
        given().get("/api/topics/" + topic + "/messages").then().statusCode(200).body("messages.size()", equalTo(0));
        assertThat(broker.requireTopic(topic).messageCount()).isZero();

        // reading with an allowed group works end to end on Kafka, offsets committed
        broker.append(broker.requireTopic(topic).partition(0), List.of(new io.kafkaclone.core.Record(null,
                "seeded".getBytes(), List.of(), -1))).get(30, TimeUnit.SECONDS);
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            int seen = 0;
            while (seen == 0 && System.nanoTime() < deadline) {
                seen = consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(seen).isEqualTo(1);
            consumer.commitSync();
        }
        assertThat(broker.committedOffset(group, new io.kafkaclone.core.TopicPartition(topic, 0))).hasValue(1);
    }

    @Test
    void deniedGroup() throws Exception {
        String topic = TestNames.unique("ro");
        broker.createTopic(topic, 1);
        String group = TestNames.unique("bad");

        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(List.of(topic));
            assertThat(pollUntilFailure(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            // assign() needs no membership, but committed offsets still do: OffsetFetch is refused
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertThat(pollUntilFailure(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
        try (LineClient client = new LineClient(line.actualPort())) {
            lineForbidden(client.request(LineClient.consume(topic, group)));
            lineForbidden(client.request(LineClient.ack(topic, group, 0, 0)));
        }
        try (Admin admin = Admin.create(kafkaProps())) {
            assertThatThrownBy(() -> admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(GroupAuthorizationException.class);
        }
        broker.commitOffset(group, new io.kafkaclone.core.TopicPartition(topic, 0), 0, null, false).get(30, TimeUnit.SECONDS);
        forbidden(given().get("/api/consumers/" + group).then());
        given().get("/api/consumers").then().statusCode(200).body("name", not(hasItem(group)));
        forbidden(given().contentType(ContentType.JSON).body("{\"topic\":\"" + topic + "\",\"to\":\"earliest\"}")
                .post("/api/consumers/" + group + "/reset").then());
    }

    @Test
    void topicCreateAndDeleteNeedTheirOperations() throws Exception {
        String denied = TestNames.unique("nope");
        String own = TestNames.unique("own");
        try (Admin admin = Admin.create(kafkaProps())) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(denied, 1, (short) 1))).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            admin.createTopics(List.of(new NewTopic(own, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            String readOnly = TestNames.unique("ro");
            broker.createTopic(readOnly, 1);
            assertThatThrownBy(() -> admin.deleteTopics(List.of(readOnly)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThat(broker.topic(readOnly)).isPresent();
            admin.deleteTopics(List.of(own)).all().get(30, TimeUnit.SECONDS);
            assertThat(broker.topic(own)).isEmpty();
        }
        try (LineClient client = new LineClient(line.actualPort())) {
            lineForbidden(client.request(LineClient.op("create").put("topic", denied)));
            client.requestOk(LineClient.op("create").put("topic", own));
        }
        forbidden(given().contentType(ContentType.JSON).body("{\"name\":\"" + denied + "\"}").post("/api/topics").then());
        String readOnly = TestNames.unique("ro");
        broker.createTopic(readOnly, 1);
        forbidden(given().delete("/api/topics/" + readOnly).then());
        given().delete("/api/topics/" + own).then().statusCode(204);
        assertThat(broker.topic(denied)).isEmpty();
    }

    @Test
    void autoCreationNeedsCreate() throws Exception {
        // WRITE on wo-* but no CREATE: producing to a missing wo- topic must not create it
        String missing = TestNames.unique("wo");
        try (KafkaProducer<String, String> producer = producer()) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(missing, "v")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (LineClient client = new LineClient(line.actualPort())) {
            lineForbidden(client.request(LineClient.publish(missing, "v")));
            // ALL on own-* includes CREATE: auto-created on first publish
            String own = TestNames.unique("own");
            client.requestOk(LineClient.publish(own, "v"));
            assertThat(broker.topic(own)).isPresent();
        }
        assertThat(broker.topic(missing)).isEmpty();
    }

    @Test
    void topicsThePrincipalMayNotDescribeAreHidden() throws Exception {
        String secret = TestNames.unique("secret");
        String visible = TestNames.unique("ro");
        broker.createTopic(secret, 1);
        broker.createTopic(visible, 1);

        try (Admin admin = Admin.create(kafkaProps())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(visible).doesNotContain(secret);
            assertThatThrownBy(() -> admin.describeTopics(List.of(secret)).allTopicNames().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (LineClient client = new LineClient(line.actualPort())) {
            JsonNode topics = client.requestOk(LineClient.op("topics")).get("topics");
            assertThat(topics.findValuesAsText("name")).contains(visible).doesNotContain(secret);
        }
        given().get("/api/topics").then().statusCode(200).body("name", hasItem(visible)).body("name", not(hasItem(secret)));
        forbidden(given().get("/api/topics/" + secret).then());
        // an unknown topic the principal may not describe is refused the same way: existence does not leak
        forbidden(given().get("/api/topics/" + TestNames.unique("secret")).then());
    }
}
