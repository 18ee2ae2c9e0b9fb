package io.kafkaclone.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.kafka.KafkaServer;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.kafkaclone.testing.TestCertificates;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * TLS on all three doors with real clients: the line door from PEM files with mutual TLS, the Kafka door
 * and the HTTP console from a PKCS12 key store; certificates made by keytool when the test starts.
 */
@QuarkusTest
@TestProfile(TlsDoorsTest.TlsEverywhere.class)
class TlsDoorsTest {

    public static class TlsEverywhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestCertificates c = TestCertificates.get();
            return Map.ofEntries(
                    Map.entry("quarkus.tls.line-pem.key-store.pem.0.cert", c.serverCertPem.toString()),
                    Map.entry("quarkus.tls.line-pem.key-store.pem.0.key", c.serverKeyPem.toString()),
                    Map.entry("quarkus.tls.line-pem.trust-store.pem.certs", c.caPem.toString()),
                    Map.entry("quarkus.tls.broker-p12.key-store.p12.path", c.serverP12.toString()),
                    Map.entry("quarkus.tls.broker-p12.key-store.p12.password", TestCertificates.PASSWORD),
                    Map.entry("kafka-clone.tls.line.tls-configuration-name", "line-pem"),
                    Map.entry("kafka-clone.tls.line.client-auth", "required"),
                    Map.entry("kafka-clone.tls.kafka.tls-configuration-name", "broker-p12"),
                    Map.entry("quarkus.http.tls-configuration-name", "broker-p12"),
                    Map.entry("quarkus.http.test-ssl-port", "0"));
        }
    }

    @Inject
    LineServer line;
    @Inject
    KafkaServer kafka;
    @TestHTTPResource(value = "/", tls = true)
    URL https;

    private final TestCertificates certs = TestCertificates.get();

    private LineClient tlsLineClient(boolean clientCertificate) throws Exception {
        SSLSocket socket = (SSLSocket) certs.clientContext(clientCertificate).getSocketFactory().createSocket("127.0.0.1", line.actualPort());
        socket.startHandshake();
        return new LineClient(socket);
    }

    @Test
    void lineClientOverMutualTlsPublishesAndConsumes() throws Exception {
        String topic = "tls-line-" + UUID.randomUUID().toString().substring(0, 8);
        try (LineClient c = tlsLineClient(true)) {
            JsonNode published = c.requestOk(LineClient.publish(topic, "over TLS"));
            assertThat(published.get("offset").asLong()).isZero();
            c.requestOk(LineClient.consume(topic, "tls-reader").put("from", "earliest"));
            JsonNode delivery = c.deliveries(1).get(0);
            assertThat(delivery.get("message").asText()).isEqualTo("over TLS");
        }
    }

    @Test
    void lineServerPresentsTheConfiguredCertificate() throws Exception {
        try (SSLSocket socket = (SSLSocket) certs.clientContext(true).getSocketFactory().createSocket("127.0.0.1", line.actualPort())) {
            socket.startHandshake();
            X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        }
    }

    @Test
    void lineClientWithoutClientCertificateIsRefusedAndOthersKeepWorking() throws Exception {
        SSLSocket socket = (SSLSocket) certs.clientContext(false).getSocketFactory().createSocket("127.0.0.1", line.actualPort());
        assertThat(refused(socket, "{\"op\":\"ping\"}\n")).isTrue();
        try (LineClient c = tlsLineClient(true)) {
            assertThat(c.requestOk(LineClient.op("ping")).get("pong").asBoolean()).isTrue();
        }
    }

    @Test
    void plaintextLineClientIsClosedAndTheBrokerKeepsServing() throws Exception {
        assertThat(refused(new Socket("127.0.0.1", line.actualPort()), "{\"op\":\"ping\"}\n")).isTrue();
        try (LineClient c = tlsLineClient(true)) {
            assertThat(c.requestOk(LineClient.op("ping")).get("pong").asBoolean()).isTrue();
        }
    }

    @Test
    void kafkaProducerAndConsumerOverSsl() throws Exception {
        String topic = "tls-kafka-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(ssl(new Properties()))) {
            // Metadata still advertises the listener clients must reconnect to
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            assertThat(nodes).singleElement().satisfies(n -> {
                assertThat(n.host()).isEqualTo("127.0.0.1");
                assertThat(n.port()).isEqualTo(kafka.actualPort());
            });
        }
        Properties pp = ssl(new Properties());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                RecordMetadata md = producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
                assertThat(md.offset()).isEqualTo(i);
            }
        }
        Properties cp = ssl(new Properties());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "tls-group-" + topic);
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < 20 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            consumer.commitSync();
        }
        assertThat(values).hasSize(20).startsWith("v0", "v1").endsWith("v19");
    }

    @Test
    void plaintextKafkaClientIsClosedAndTheBrokerKeepsServing() throws Exception {
        // an ApiVersions request in the clear: the TLS door sees no handshake and drops the connection
        byte[] apiVersions = { 0, 0, 0, 14, 0, 18, 0, 0, 0, 0, 0, 1, 0, 4, 't', 'e', 's', 't' };
        assertThat(refused(new Socket("127.0.0.1", kafka.actualPort()), new String(apiVersions, StandardCharsets.ISO_8859_1))).isTrue();
        try (Admin admin = Admin.create(ssl(new Properties()))) {
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();
        }
    }

    @Test
    void httpsConsoleAnswersWithTheTestCa() throws Exception {
        assertThat(https.getProtocol()).isEqualTo("https");
        SSLContext ctx = certs.clientContext(false);
        HttpClient http = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
        // by name, so the JDK checks the certificate's host name (localhost is in its SAN)
        URI base = URI.create("https://localhost:" + https.getPort());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        HttpResponse<String> topics = http.send(HttpRequest.newBuilder(base.resolve("/api/topics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(topics.statusCode()).isEqualTo(200);
        assertThat(topics.body()).startsWith("[");
    }

    private Properties ssl(Properties p) {
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafka.actualPort());
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certs.trustP12.toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return p;
    }

    /**
     * Sends {@code request} and reads: true when the broker ends the connection (end of stream, reset or a
     * TLS alert) without ever answering; false if it answers or stays silent past the deadline.
     */
    private static boolean refused(Socket socket, String request) throws IOException {
        try (socket) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset, or the handshake failed
        }
    }
}
