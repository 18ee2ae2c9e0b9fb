package io.kafkaclone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** SIGTERM of the packaged app while a producer pipelines publishes: it exits in time and loses nothing acknowledged. */
class GracefulShutdownIT {

    private static final int LIMIT = 20_000;
    private static final int STOP_AFTER_ACKS = 2_000;
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    /** What a JVM returns when SIGTERM ended it after its shutdown hooks ran (128 + 15); Quarkus in JVM mode does so. */
    static final int EXIT_ON_SIGTERM = 143;

    @Test
    void sigtermWhilePublishingExitsCleanlyAndKeepsEveryAcknowledgedPublish() throws Exception {
        Path dataDir = PackagedBroker.newDataDir("sigterm");
        String topic = "sigterm-" + UUID.randomUUID();
        AtomicInteger exitCode = new AtomicInteger(-1);
        PipelinedPublisher.Outcome outcome;
        try (PackagedBroker broker = PackagedBroker.start(dataDir)) {
            outcome = PipelinedPublisher.publishUntilInterrupted(broker, topic, LIMIT, STOP_AFTER_ACKS,
                    b -> exitCode.set(b.stop(STOP_DEADLINE)));
            assertThat(exitCode.get()).as("exit status after SIGTERM\n%s", broker.tail()).isIn(0, EXIT_ON_SIGTERM);
            assertThat(broker.errorLines()).as("errors logged by an orderly shutdown").isEmpty();
        }

        try (PackagedBroker restarted = PackagedBroker.start(dataDir)) {
            int present = TopicContents.assertHoldsEveryAcknowledged(restarted.linePort(), topic, outcome.acked());
            System.out.printf("SIGTERM: exit=%d sent=%d acknowledged=%d refused while stopping=%d (%s) present after restart=%d%n",
                    exitCode.get(), outcome.sent(), outcome.acked().size(), outcome.refused(), outcome.firstRefusal(), present);
            // an orderly stop answers what it committed: nothing is stored that the producer was not told about
            assertThat(present).as("records stored without an acknowledgement").isEqualTo(outcome.acked().size());
        }
    }
}
