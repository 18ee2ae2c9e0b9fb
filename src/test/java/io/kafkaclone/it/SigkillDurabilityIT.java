package io.kafkaclone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kafkaclone.testing.LineClient;

/** kill -9 of the packaged app while a producer pipelines publishes: nothing that was acknowledged may be lost. */
class SigkillDurabilityIT {

    private static final int LIMIT = 20_000;
    private static final int KILL_AFTER_ACKS = 5_000;

    @Test
    void everyAcknowledgedPublishSurvivesSigkill() throws Exception {
        Path dataDir = PackagedBroker.newDataDir("sigkill");
        String topic = "sigkill-" + UUID.randomUUID();
        PipelinedPublisher.Outcome outcome;
        try (PackagedBroker broker = PackagedBroker.start(dataDir)) {
            outcome = PipelinedPublisher.publishUntilInterrupted(broker, topic, LIMIT, KILL_AFTER_ACKS, PackagedBroker::kill);
        }
        assertThat(outcome.acked().size()).as("killed mid-stream: acknowledged fewer than sent").isLessThan((int) outcome.sent());

        try (PackagedBroker restarted = PackagedBroker.start(dataDir)) {
            int present = TopicContents.assertHoldsEveryAcknowledged(restarted.linePort(), topic, outcome.acked());
            // the log goes on where the stored records end (a single broker recovers its end from them)
            try (LineClient client = new LineClient(restarted.linePort())) {
                assertThat(client.requestOk(LineClient.publish(topic, "after restart")).path("offset").asLong())
                        .as("offset of the first publish after the restart").isEqualTo(present);
            }
            System.out.printf("SIGKILL durability: sent=%d acknowledged=%d present after restart=%d%n", outcome.sent(),
                    outcome.acked().size(), present);
        }
    }
}
