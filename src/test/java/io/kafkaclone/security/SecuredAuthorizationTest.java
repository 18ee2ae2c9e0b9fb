package io.kafkaclone.security;

import io.kafkaclone.testing.TestNames;
import static io.kafkaclone.security.SecuredAclProfile.ADMIN;
import static io.kafkaclone.security.SecuredAclProfile.ALICE;
import static io.kafkaclone.security.SecuredAclProfile.BOB;
import static io.kafkaclone.security.SecuredAclProfile.password;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.kafkaclone.security.RefusalAssertions.WAIT;
import static io.kafkaclone.security.RefusalAssertions.lineForbidden;
import static io.kafkaclone.security.RefusalAssertions.pollUntilFailure;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.kafka.KafkaServer;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Authorization end to end with authenticated users (see {@link SecuredAclProfile}): real kafka-clients over
 * SASL_PLAINTEXT with PLAIN, the line protocol's {@code auth} op, and the console with HTTP basic. Topics are set
 * up through the core.
 */
@QuarkusTest
@TestProfile(SecuredAclProfile.class)
class SecuredAuthorizationTest {

    @Inject
    Broker broker;
    @Inject
    KafkaServer kafka;
    @Inject
    LineServer line;
    @Inject
    AclStore store;

    private Properties props(String user) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafka.actualPort());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + password(user) + "\";");
        return p;
    }

    private KafkaProducer<String, String> producer(String user, String... extra) {
        Properties p = props(user);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String user, String group) {
        Properties p = props(user);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static RequestSpecification http(String user) {
        return given().auth().preemptive().basic(user, password(user));
    }

    private static void forbidden(ValidatableResponse response) {
        response.statusCode(403).contentType(ContentType.JSON).body("status", equalTo(403)).body("error", equalTo("FORBIDDEN"));
    }

    private LineClient lineAs(String user) throws Exception {
        LineClient c = new LineClient(line.actualPort());
        c.requestOk(LineClient.op("auth").put("user", user).put("password", password(user)));
        return c;
    }


    private static int pollUntilRecords(KafkaConsumer<String, String> consumer, int wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        while (seen < wanted && System.nanoTime() < deadline) {
            seen += consumer.poll(Duration.ofMillis(200)).count();
        }
        return seen;
    }


    @Test
    void aliceWritesButCannotRead() throws Exception {
        String topic = TestNames.unique("orders");
        broker.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = producer(ALICE)) {
            assertThat(producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS).offset()).isZero();
        }
        try (KafkaConsumer<String, String> consumer = consumer(ALICE, TestNames.unique("alice"))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertThat(pollUntilFailure(consumer)).isInstanceOf(TopicAuthorizationException.class);
        }
        try (LineClient c = lineAs(ALICE)) {
            assertThat(c.requestOk(LineClient.publish(topic, "line")).path("offset").asLong()).isEqualTo(1);
            lineForbidden(c.request(LineClient.consume(topic, TestNames.unique("alice"))));
        }
        http(ALICE).contentType(ContentType.JSON).body("{\"message\":\"rest\"}").post("/api/topics/" + topic + "/messages")
                .then().statusCode(201).body("offset", equalTo(2));
        forbidden(http(ALICE).get("/api/topics/" + topic + "/messages").then());
        assertThat(broker.requireTopic(topic).messageCount()).isEqualTo(3);
    }

    @Test
    void bobReadsButCannotWrite() throws Exception {
        String topic = TestNames.unique("orders");
        broker.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = producer(ALICE)) {
            producer.send(new ProducerRecord<>(topic, "k", "from alice")).get(30, TimeUnit.SECONDS);
        }
        // as in Kafka: an idempotent producer (the default) needs WRITE on some topic or IDEMPOTENT_WRITE on the cluster.
        // The refused InitProducerId puts the producer in an error state: a send fails through its future, or, when the
        // refusal came first, throws at once with the refusal attached (cause or suppressed, by client version)
        try (KafkaProducer<String, String> producer = producer(BOB)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "v")).get(30, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(refusals(e)).anyMatch(ClusterAuthorizationException.class::isInstance));
        }
        try (KafkaProducer<String, String> producer = producer(BOB, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "v")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        String group = TestNames.unique("billing");
        try (KafkaConsumer<String, String> consumer = consumer(BOB, group)) {
            consumer.subscribe(List.of(topic));
            assertThat(pollUntilRecords(consumer, 1)).isEqualTo(1);
            consumer.commitSync();
        }
        try (LineClient c = lineAs(BOB)) {
            lineForbidden(c.request(LineClient.publish(topic, "nope")));
            c.requestOk(LineClient.consume(topic, TestNames.unique("billing")).put("from", "earliest"));
            assertThat(c.deliveries(1)).extracting(d -> d.path("message").asText()).containsExactly("from alice");
        }
        forbidden(http(BOB).contentType(ContentType.JSON).body("{\"message\":\"nope\"}").post("/api/topics/" + topic + "/messages").then());
        http(BOB).get("/api/topics/" + topic + "/messages").then().statusCode(200).body("messages[0].value", equalTo("from alice"));
        assertThat(broker.requireTopic(topic).messageCount()).isEqualTo(1);
        assertThat(broker.committedOffset(group, new io.kafkaclone.core.TopicPartition(topic, 0))).hasValue(1);
    }

    @Test
    void topicCreateAndDeleteAreRefusedWithoutTheirOperations() throws Exception {
        String orders = TestNames.unique("orders");
        broker.createTopic(orders, 1);
        try (Admin bob = Admin.create(props(BOB)); Admin alice = Admin.create(props(ALICE))) {
            String bobs = TestNames.unique("bob");
            assertThatThrownBy(() -> bob.createTopics(List.of(new NewTopic(bobs, 1, (short) 1))).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> bob.deleteTopics(List.of(orders)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> alice.deleteTopics(List.of(orders)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThat(broker.topic(bobs)).isEmpty();
            assertThat(broker.topic(orders)).isPresent();

            String alices = TestNames.unique("alice");
            alice.createTopics(List.of(new NewTopic(alices, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            alice.deleteTopics(List.of(alices)).all().get(30, TimeUnit.SECONDS);
            assertThat(broker.topic(alices)).isEmpty();
        }
        try (LineClient c = lineAs(BOB)) {
            lineForbidden(c.request(LineClient.op("create").put("topic", TestNames.unique("bob"))));
        }
        forbidden(http(BOB).contentType(ContentType.JSON).body("{\"name\":\"" + TestNames.unique("bob") + "\"}").post("/api/topics").then());
        forbidden(http(BOB).delete("/api/topics/" + orders).then());
        assertThat(broker.topic(orders)).isPresent();
        // what bob may not describe he does not see; the super user sees everything
        String alices = TestNames.unique("alice");
        broker.createTopic(alices, 1);
        http(BOB).get("/api/topics").then().statusCode(200).body("name", hasItem(orders)).body("name", not(hasItem(alices)));
        http(ADMIN).get("/api/topics").then().statusCode(200).body("name", hasItem(orders)).body("name", hasItem(alices));
        http(ADMIN).delete("/api/topics/" + orders).then().statusCode(204);
    }

    @Test
    void aGroupWithoutReadIsRefused() throws Exception {
        String topic = TestNames.unique("orders");
        broker.createTopic(topic, 1);
        String aliceGroup = TestNames.unique("alice");
        try (KafkaConsumer<String, String> consumer = consumer(BOB, aliceGroup)) {
            consumer.subscribe(List.of(topic));
            assertThat(pollUntilFailure(consumer)).isInstanceOf(GroupAuthorizationException.class)
                    .satisfies(e -> assertThat(((GroupAuthorizationException) e).groupId()).isEqualTo(aliceGroup));
        }
        try (LineClient c = lineAs(BOB)) {
            lineForbidden(c.request(LineClient.consume(topic, aliceGroup)));
        }
        try (Admin bob = Admin.create(props(BOB))) {
            assertThatThrownBy(() -> bob.listConsumerGroupOffsets(aliceGroup).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(GroupAuthorizationException.class);
        }
        broker.commitOffset(aliceGroup, new io.kafkaclone.core.TopicPartition(topic, 0), 0, null, false).get(30, TimeUnit.SECONDS);
        forbidden(http(BOB).get("/api/consumers/" + aliceGroup).then());
        http(BOB).get("/api/consumers").then().statusCode(200).body("name", not(hasItem(aliceGroup)));
        http(ALICE).get("/api/consumers/" + aliceGroup).then().statusCode(200).body("name", equalTo(aliceGroup));
    }

    @Test
    void aSuperUserGrantsThroughKafkasAclApi() throws Exception {
        String topic = TestNames.unique("granted");
        broker.createTopic(topic, 1);
        AclBinding aliceReads = new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + ALICE, "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin alice = Admin.create(props(ALICE))) {
            assertThatThrownBy(() -> alice.createAcls(List.of(aliceReads)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
        try (LineClient c = lineAs(ALICE)) {
            lineForbidden(c.request(LineClient.consume(topic, TestNames.unique("alice"))));
        }
        try (Admin admin = Admin.create(props(ADMIN))) {
            admin.createAcls(List.of(aliceReads)).all().get(30, TimeUnit.SECONDS);
            try (LineClient c = lineAs(ALICE)) {
                c.requestOk(LineClient.consume(topic, TestNames.unique("alice")));
            }
            assertThat(store.load()).extracting(AclRule::toString).contains("alice READ topic:" + topic);
            assertThat(admin.deleteAcls(List.of(aliceReads.toFilter())).all().get(30, TimeUnit.SECONDS)).containsExactly(aliceReads);
        }
        try (LineClient c = lineAs(ALICE)) {
            lineForbidden(c.request(LineClient.consume(topic, TestNames.unique("alice"))));
        }
    }

    /** The exception, its causes and what they carry as suppressed. */
    private static List<Throwable> refusals(Throwable e) {
        List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
            all.addAll(List.of(t.getSuppressed()));
        }
        return all;
    }
}
