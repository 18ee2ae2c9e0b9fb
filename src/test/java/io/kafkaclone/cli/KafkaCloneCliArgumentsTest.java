package io.kafkaclone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Argument handling without a broker: usage errors exit 2, help/version exit 0, a refused connection exits 1. */
class KafkaCloneCliArgumentsTest {

    /** One CLI run with captured stdout/stderr. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        KafkaCloneCli cli = new KafkaCloneCli(new ByteArrayInputStream(new byte[0]), out, env, false);
        int code = KafkaCloneCli.commandLine(cli, out, err).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run(Map.of("PORT", String.valueOf(closedPort())), args);
    }

    /** A port nothing listens on: bound, then released. */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void neitherPublishNorConsumeIsAUsageError() {
        Run r = run("-t", "orders", "-m", "hello");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required argument").contains("--publish").contains("--consume");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bothPublishAndConsumeIsAUsageError() {
        Run r = run("-p", "-c", "-t", "orders", "-m", "hello", "-n", "me");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void missingTopicIsAUsageError() {
        Run r = run("-p", "-m", "hello");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--topic");
    }

    @Test
    void publishWithoutMessageIsAUsageError() {
        Run r = run("-p", "-t", "orders");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--message");
    }

    @Test
    void consumeWithoutNameIsAUsageError() {
        Run r = run("-c", "-t", "orders");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--name");
    }

    @Test
    void publishOnlyOptionsAreRefusedWhenConsuming() {
        Run r = run("-c", "-t", "orders", "-n", "me", "-k", "key");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--key is only valid with --publish");
    }

    @Test
    void consumeOnlyOptionsAreRefusedWhenPublishing() {
        Run r = run("-p", "-t", "orders", "-m", "x", "--from", "earliest");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--from is only valid with --consume");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("-p", "-t", "orders", "-m", "x", "--colour");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--colour");
    }

    @Test
    void badPortIsAUsageError() {
        Run r = run(Map.of(), "-p", "-t", "orders", "-m", "x", "-s", "localhost:nine");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("invalid port");
        Run outOfRange = run(Map.of(), "-p", "-t", "orders", "-m", "x", "--port", "70000");
        assertThat(outOfRange.exitCode()).isEqualTo(2);
        assertThat(outOfRange.err()).contains("outside 1-65535");
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--publish", "--consume", "--topic", "--message", "--name", "--host", "--port",
                "HOST and PORT", "Exit status");
        Run version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("kafka-clone-cli ");
    }

    @Test
    void refusedConnectionExitsOneWithAMessage() {
        int port = closedPort();
        Run r = run(Map.of(), "-p", "-t", "orders", "-m", "x", "--host", "127.0.0.1", "--port", String.valueOf(port));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot connect to the broker at 127.0.0.1:" + port);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void environmentVariablesChooseTheBrokerWhenNoFlagDoes() {
        int port = closedPort();
        Map<String, String> env = new HashMap<>();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", String.valueOf(port));
        Run r = run(env, "-c", "-t", "orders", "-n", "me");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("127.0.0.1:" + port);
    }

    @Test
    void addressPrecedenceIsFlagsThenServerThenEnvironmentThenDefault() {
        Map<String, String> env = Map.of("HOST", "envhost", "PORT", "1234");
        assertThat(BrokerAddress.resolve(null, null, null, Map.of())).isEqualTo(new BrokerAddress("localhost", 9001));
        assertThat(BrokerAddress.resolve(null, null, null, env)).isEqualTo(new BrokerAddress("envhost", 1234));
        assertThat(BrokerAddress.resolve("srv:2000", null, null, env)).isEqualTo(new BrokerAddress("srv", 2000));
        assertThat(BrokerAddress.resolve("srv", null, null, env)).isEqualTo(new BrokerAddress("srv", 1234));
        assertThat(BrokerAddress.resolve("srv:2000", "flaghost", 3000, env)).isEqualTo(new BrokerAddress("flaghost", 3000));
    }
}
