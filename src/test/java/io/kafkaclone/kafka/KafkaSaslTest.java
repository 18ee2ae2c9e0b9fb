package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kafkaclone.security.AuthEnabledProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** SASL/PLAIN and SASL/SCRAM on the Kafka door, with real kafka-clients configured as for a secured Kafka. */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class KafkaSaslTest {

    @Inject
    KafkaServer server;

    private static String jaas(String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static String[] sasl(String mechanism, String user, String password) {
        return new String[] { CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM, mechanism,
                SaslConfigs.SASL_JAAS_CONFIG, jaas(mechanism, user, password) };
    }

    private Admin admin(String... extra) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestClients.bootstrap(server));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return Admin.create(p);
    }

    @ParameterizedTest
    @ValueSource(strings = { "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512" })
    void producerConsumerAndAdminAuthenticate(String mechanism) throws Exception {
        String topic = unique("sasl-" + mechanism.toLowerCase());
        String[] auth = sasl(mechanism, AuthEnabledProfile.ALICE, AuthEnabledProfile.ALICE_PASSWORD);
        try (Admin admin = admin(auth)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
        }
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(server, auth)) {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, "k", "hello " + mechanism)).get(30, TimeUnit.SECONDS);
            assertThat(m.offset()).isZero();
        }
        try (KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(server, unique("g"), auth)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> got = KafkaTestClients.pollUntil(consumer, 1, Duration.ofSeconds(30));
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("hello " + mechanism);
            consumer.commitSync();
        }
    }

    @Test
    void scramUserWithoutCredentialForTheMechanismIsRefusedButAnotherMechanismWorks() throws Exception {
        try (Admin admin = admin(sasl("SCRAM-SHA-256", AuthEnabledProfile.BOB, AuthEnabledProfile.BOB_PASSWORD))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        }
        try (Admin admin = admin(sasl("SCRAM-SHA-512", AuthEnabledProfile.BOB, AuthEnabledProfile.BOB_PASSWORD))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).isNotNull();
        }
        // PLAIN checks the password against whichever SCRAM credential the user has
        try (Admin admin = admin(sasl("PLAIN", AuthEnabledProfile.BOB, AuthEnabledProfile.BOB_PASSWORD))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512" })
    void wrongPasswordFailsWithSaslAuthenticationException(String mechanism) {
        try (Admin admin = admin(sasl(mechanism, AuthEnabledProfile.ALICE, "not-the-password"))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        }
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(server,
                concat(sasl(mechanism, "nobody", "whatever"), ProducerConfigMaxBlock.MAX_BLOCK))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(unique("never"), "v")).get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static final class ProducerConfigMaxBlock {
        static final String[] MAX_BLOCK = { org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000" };
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void mechanismTheBrokerDoesNotOfferFails() {
        // OAUTHBEARER works client-side with its unsecured test token; the broker does not offer it
        try (Admin admin = admin(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM, "OAUTHBEARER",
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"alice\";")) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnsupportedSaslMechanismException.class);
        }
    }

    @Test
    void unknownMechanismIsAnsweredWithTheEnabledOnesThenClosed() throws Exception {
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            RequestHeader h = new RequestHeader(ApiKeys.SASL_HANDSHAKE, (short) 1, "raw", 1);
            s.send(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("DIGEST-MD5")).build((short) 1), h);
            SaslHandshakeResponse r = (SaslHandshakeResponse) s.receive(h);
            assertThat(r.error()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM);
            assertThat(r.data().mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
            assertThat(s.closedByBroker()).isTrue();
        }
    }

    @Test
    void requestsBeforeAuthenticationCloseTheConnectionButApiVersionsIsAnswered() throws Exception {
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            RequestHeader versions = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "raw", 1);
            s.send(new ApiVersionsRequest.Builder(new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"),
                    (short) 3, (short) 3).build((short) 3), versions);
            ApiVersionsResponse v = (ApiVersionsResponse) s.receive(versions);
            assertThat(v.apiVersion(ApiKeys.SASL_HANDSHAKE.id)).isNotNull();
            assertThat(v.apiVersion(ApiKeys.SASL_AUTHENTICATE.id).maxVersion()).isEqualTo((short) 2);

            RequestHeader metadata = new RequestHeader(ApiKeys.METADATA, (short) 12, "raw", 2);
            s.send(new MetadataRequest.Builder(new MetadataRequestData().setTopics(null)).build((short) 12), metadata);
            assertThat(s.closedByBroker()).isTrue();
        }
    }

    @Test
    void saslAuthenticateBeforeHandshakeIsAnIllegalState() throws Exception {
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            RequestHeader h = new RequestHeader(ApiKeys.SASL_AUTHENTICATE, (short) 2, "raw", 1);
            s.send(new SaslAuthenticateRequest.Builder(new SaslAuthenticateRequestData().setAuthBytes(new byte[] { 0, 'a', 0, 'b' }))
                    .build((short) 2), h);
            SaslAuthenticateResponse r = (SaslAuthenticateResponse) s.receive(h);
            assertThat(r.error()).isEqualTo(Errors.ILLEGAL_SASL_STATE);
            assertThat(s.closedByBroker()).isTrue();
        }
    }

    @Test
    void plainOverHandshakeV0WithBareTokens() throws Exception {
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            RequestHeader h = new RequestHeader(ApiKeys.SASL_HANDSHAKE, (short) 0, "raw", 1);
            s.send(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("PLAIN")).build((short) 0), h);
            assertThat(((SaslHandshakeResponse) s.receive(h)).error()).isEqualTo(Errors.NONE);
            byte[] token = ("\0" + AuthEnabledProfile.ALICE + "\0" + AuthEnabledProfile.ALICE_PASSWORD)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] frame = java.nio.ByteBuffer.allocate(4 + token.length).putInt(token.length).put(token).array();
            s.sendRaw(frame);
            assertThat(s.receive().remaining()).isZero(); // PLAIN's empty final challenge
            RequestHeader metadata = new RequestHeader(ApiKeys.METADATA, (short) 12, "raw", 2);
            s.send(new MetadataRequest.Builder(new MetadataRequestData().setTopics(null)).build((short) 12), metadata);
            assertThat(s.receive(metadata).apiKey()).isEqualTo(ApiKeys.METADATA);
        }
    }

    @Test
    void plainOverHandshakeV0WithAWrongPasswordCloses() throws Exception {
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            RequestHeader h = new RequestHeader(ApiKeys.SASL_HANDSHAKE, (short) 0, "raw", 1);
            s.send(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("PLAIN")).build((short) 0), h);
            assertThat(((SaslHandshakeResponse) s.receive(h)).error()).isEqualTo(Errors.NONE);
            byte[] token = ("\0" + AuthEnabledProfile.ALICE + "\0wrong").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            s.sendRaw(java.nio.ByteBuffer.allocate(4 + token.length).putInt(token.length).put(token).array());
            assertThat(s.closedByBroker()).isTrue();
        }
    }
}
