package io.kafkaclone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kafkaclone.testing.LineClient;

/** SIGTERM of the packaged app while a producer pipelines publishes: it exits in time and loses nothing acknowledged. */
class GracefulShutdownIT {

    private static final int LIMIT = 50_000;
    private static final int STOP_AFTER_ACKS = 2_000;
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    /** What a JVM returns when SIGTERM ended it after its shutdown hooks ran (128 + 15); Quarkus in JVM mode does so. */
    private static final int EXIT_ON_SIGTERM = 143;

    @Test
    void sigtermWhilePublishingExitsCleanlyAndKeepsEveryAcknowledgedPublish() throws Exception {
        Path dataDir = PackagedBroker.newDataDir("sigterm");
        String topic = "sigterm-" + UUID.randomUUID();
        long sent;
        Map<Integer, Long> acked;
        int exitCode;
        try (PackagedBroker broker = PackagedBroker.start(dataDir)) {
            try (LineClient admin = LineClient.connect(broker.linePort())) {
                admin.callOk(LineClient.op("create").put("topic", topic).put("partitions", 1), Duration.ofSeconds(30));
            }
            try (PipelinedPublisher publisher = new PipelinedPublisher(broker.linePort(), topic, LIMIT)) {
                publisher.awaitAcked(STOP_AFTER_ACKS, Duration.ofSeconds(120));
                exitCode = broker.stop(STOP_DEADLINE);
                publisher.awaitDisconnected(Duration.ofSeconds(30));
                sent = publisher.sent();
                acked = Map.copyOf(publisher.ackedOffsets());
                assertThat(publisher.refused()).isZero();
            }
            assertThat(exitCode).as("exit status after SIGTERM\n%s", broker.tail()).isIn(0, EXIT_ON_SIGTERM);
        }

        try (PackagedBroker restarted = PackagedBroker.start(dataDir)) {
            int present = TopicContents.assertHoldsEveryAcknowledged(restarted.linePort(), topic, acked);
            System.out.printf("SIGTERM: exit=%d sent=%d acknowledged=%d present after restart=%d%n", exitCode, sent,
                    acked.size(), present);
        }
    }
}
