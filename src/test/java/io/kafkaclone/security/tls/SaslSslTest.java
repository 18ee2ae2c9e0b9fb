package io.kafkaclone.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.kafkaclone.kafka.KafkaServer;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.security.AuthEnabledProfile;
import io.kafkaclone.testing.LineClient;
import io.kafkaclone.testing.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** TLS and authentication together: SASL_SSL on the Kafka door, the auth op over TLS on the line door. */
@QuarkusTest
@TestProfile(SaslSslTest.SaslSsl.class)
class SaslSslTest {
    static final String USER = "carol";
    static final String PASSWORD = "carol-secret";

    public static class SaslSsl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestCertificates c = TestCertificates.get();
            return Map.of(
                    "quarkus.tls.broker.key-store.p12.path", c.serverP12.toString(),
                    "quarkus.tls.broker.key-store.p12.password", TestCertificates.PASSWORD,
                    "kafka-clone.tls.line.tls-configuration-name", "broker",
                    "kafka-clone.tls.kafka.tls-configuration-name", "broker",
                    "kafka-clone.auth.enabled", "true",
                    "kafka-clone.auth.users-file", usersFile(c.dir).toString());
        }

        private static Path usersFile(Path dir) {
            try {
                return Files.write(dir.resolve("users-" + UUID.randomUUID() + ".txt"),
                        List.of(AuthEnabledProfile.line(USER, PASSWORD, ScramMechanism.SCRAM_SHA_512)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    KafkaServer kafka;
    @Inject
    LineServer line;

    private final TestCertificates certs = TestCertificates.get();

    private Properties saslSsl(String mechanism, String password) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafka.actualPort());
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certs.trustP12.toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + USER + "\" password=\"" + password + "\";");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return p;
    }

    @Test
    void kafkaClientsAuthenticateOverTls() throws Exception {
        String topic = "sasl-ssl-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(saslSsl("SCRAM-SHA-512", PASSWORD), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Properties cp = saslSsl("PLAIN", PASSWORD);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic);
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < 5 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        assertThat(values).containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @Test
    void wrongPasswordIsRefusedOverTls() {
        try (Admin admin = Admin.create(saslSsl("SCRAM-SHA-512", "not-it"))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void lineClientAuthenticatesOverTls() throws Exception {
        SSLSocket socket = (SSLSocket) certs.clientContext(false).getSocketFactory().createSocket("127.0.0.1", line.actualPort());
        socket.startHandshake();
        try (LineClient c = new LineClient(socket)) {
            assertThat(c.request(LineClient.op("topics")).at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");
            c.requestOk(LineClient.op("auth").put("user", USER).put("password", PASSWORD));
            assertThat(c.requestOk(LineClient.op("topics")).get("topics").isArray()).isTrue();
        }
    }
}
