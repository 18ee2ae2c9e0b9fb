package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kafkaclone.security.AuthEnabledProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * librdkafka's SASL (through kcat, installed by .ci/run) against the broker's SASL door. Only PLAIN:
 * librdkafka before 2.6.1 (Debian 12 ships 2.0.2) repeats its nonce in the SCRAM client-final
 * message (confluentinc/librdkafka#4895), which kafka-clients' SCRAM server, like Kafka 4.x itself,
 * rightly refuses; kafka-clients' SCRAM is covered by KafkaSaslTest.
 */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class KcatSaslTest {

    @Inject
    KafkaServer server;

    @BeforeAll
    static void kcatInstalled() {
        Kcat.assumeInstalled();
    }

    private Kcat.Result kcat(String stdin, String mechanism, String password, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", "127.0.0.1:" + server.actualPort(),
                "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=" + mechanism,
                "-X", "sasl.username=" + AuthEnabledProfile.ALICE, "-X", "sasl.password=" + password));
        command.addAll(List.of(args));
        return Kcat.run(command, stdin);
    }

    @ParameterizedTest
    @ValueSource(strings = { "PLAIN" })
    void kcatProducesAndConsumesAfterAuthenticating(String mechanism) throws Exception {
        String topic = unique("kcat-sasl");
        Kcat.Result produced = kcat("a\nb\n", mechanism, AuthEnabledProfile.ALICE_PASSWORD, "-P", "-t", topic);
        assertThat(produced.exit()).as(produced.err()).isZero();
        Kcat.Result consumed = kcat("", mechanism, AuthEnabledProfile.ALICE_PASSWORD, "-C", "-t", topic, "-o", "beginning", "-e");
        assertThat(consumed.exit()).as(consumed.err()).isZero();
        assertThat(consumed.out().lines().toList()).containsExactly("a", "b");
    }

    @Test
    void wrongPasswordFails() throws Exception {
        Kcat.Result r = kcat("", "PLAIN", "wrong", "-L", "-m", "10");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).containsIgnoringCase("authentication");
    }
}
