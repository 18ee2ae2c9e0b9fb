package io.kafkaclone.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.kafkaclone.kafka.KafkaServer;
import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.kafkaclone.testing.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Certificate rotation: PEM files replaced on disk are picked up by Quarkus' reload-period and both TCP
 * doors present the new certificate to new connections, while a connection opened before keeps working.
 */
@QuarkusTest
@TestProfile(TlsCertificateReloadTest.Rotating.class)
class TlsCertificateReloadTest {
    /** Copies of the test server's PEM files, so that rotating them leaves other tests' files alone. */
    static final Path CERT = TestCertificates.get().dir.resolve("rotating-cert.pem");
    static final Path KEY = TestCertificates.get().dir.resolve("rotating-key.pem");

    public static class Rotating implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestCertificates c = TestCertificates.get();
            try {
                Files.copy(c.serverCertPem, CERT, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(c.serverKeyPem, KEY, StandardCopyOption.REPLACE_EXISTING);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "quarkus.tls.rotating.key-store.pem.0.cert", CERT.toString(),
                    "quarkus.tls.rotating.key-store.pem.0.key", KEY.toString(),
                    "quarkus.tls.rotating.reload-period", "1s",
                    "kafka-clone.tls.line.tls-configuration-name", "rotating",
                    "kafka-clone.tls.kafka.tls-configuration-name", "rotating");
        }
    }

    @Inject
    LineServer line;
    @Inject
    KafkaServer kafka;

    private final TestCertificates certs = TestCertificates.get();

    /** The subject of the certificate a new TLS connection to {@code port} is shown; null if the handshake fails. */
    private String presented(int port) {
        try (SSLSocket s = (SSLSocket) certs.clientContext(false).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (Exception e) {
            return null; // mid-rotation (certificate written, key not yet): the next poll tries again
        }
    }

    @Test
    void rotatedCertificateReachesBothDoorsWithoutARestart() throws Exception {
        assertThat(presented(line.actualPort())).isEqualTo("CN=localhost");
        assertThat(presented(kafka.actualPort())).isEqualTo("CN=localhost");
        SSLSocket before = (SSLSocket) certs.clientContext(false).getSocketFactory().createSocket("127.0.0.1", line.actualPort());
        before.startHandshake();
        try (LineClient old = new LineClient(before)) {
            certs.writeNewServerPem("localhost-rotated", CERT, KEY);

            await().atMost(Duration.ofSeconds(60)).until(() -> "CN=localhost-rotated".equals(presented(line.actualPort())));
            await().atMost(Duration.ofSeconds(60)).until(() -> "CN=localhost-rotated".equals(presented(kafka.actualPort())));
            assertThat(old.requestOk(LineClient.op("ping")).get("pong").asBoolean()).isTrue();
        }
    }
}
