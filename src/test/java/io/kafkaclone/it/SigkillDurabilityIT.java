package io.kafkaclone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kafkaclone.testing.LineClient;

/** kill -9 of the packaged app while a producer pipelines publishes: nothing that was acknowledged may be lost. */
class SigkillDurabilityIT {

    private static final int LIMIT = 50_000;
    private static final int KILL_AFTER_ACKS = 5_000;

    @Test
    void everyAcknowledgedPublishSurvivesSigkill() throws Exception {
        Path dataDir = PackagedBroker.newDataDir("sigkill");
        String topic = "sigkill-" + UUID.randomUUID();
        long sent;
        Map<Integer, Long> acked;
        try (PackagedBroker broker = PackagedBroker.start(dataDir)) {
            try (LineClient admin = LineClient.connect(broker.linePort())) {
                admin.callOk(LineClient.op("create").put("topic", topic).put("partitions", 1), Duration.ofSeconds(30));
            }
            try (PipelinedPublisher publisher = new PipelinedPublisher(broker.linePort(), topic, LIMIT)) {
                publisher.awaitAcked(KILL_AFTER_ACKS, Duration.ofSeconds(120));
                broker.kill();
                publisher.awaitDisconnected(Duration.ofSeconds(30));
                sent = publisher.sent();
                acked = Map.copyOf(publisher.ackedOffsets());
                assertThat(publisher.refused()).isZero();
            }
        }
        assertThat(acked.size()).as("killed mid-stream: acknowledged fewer than sent").isLessThan((int) sent);

        try (PackagedBroker restarted = PackagedBroker.start(dataDir)) {
            int present = TopicContents.assertHoldsEveryAcknowledged(restarted.linePort(), topic, acked);
            System.out.printf("SIGKILL durability: sent=%d acknowledged=%d present after restart=%d%n", sent, acked.size(),
                    present);
        }
    }
}
