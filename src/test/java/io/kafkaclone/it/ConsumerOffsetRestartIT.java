package io.kafkaclone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.testing.LineClient;

/** A named consumer's acknowledged position survives a restart of the packaged app. */
class ConsumerOffsetRestartIT {

    private static final Duration STOP = Duration.ofSeconds(30);

    @Test
    void consumerResumesAfterRestartWithWhatItHadNotAckedAndWhatCameMeanwhile() throws Exception {
        Path dataDir = PackagedBroker.newDataDir("restart");
        String topic = "restart-" + UUID.randomUUID();
        String consumer = "resuming-" + UUID.randomUUID();

        try (PackagedBroker broker = PackagedBroker.start(dataDir)) {
            try (LineClient producer = new LineClient(broker.linePort())) {
                publish(producer, topic, 0, 10);
            }
            try (LineClient first = new LineClient(broker.linePort())) {
                first.requestOk(LineClient.consume(topic, consumer));
                List<JsonNode> got = first.deliveries(10);
                assertThat(got).extracting(d -> d.path("message").asText()).containsExactlyElementsOf(messages(0, 10));
                for (JsonNode delivery : got.subList(0, 6)) { // acknowledge m0..m5 only
                    long offset = delivery.path("offset").asLong();
                    JsonNode acked = first.requestOk(LineClient.ack(topic, consumer, delivery.path("partition").asInt(), offset));
                    assertThat(acked.path("committed").asLong()).isEqualTo(offset + 1);
                }
            }
            assertThat(broker.stop(STOP)).as("exit status after SIGTERM").isIn(0, GracefulShutdownIT.EXIT_ON_SIGTERM);
        }

        try (PackagedBroker restarted = PackagedBroker.start(dataDir);
             LineClient producer = new LineClient(restarted.linePort())) {
            publish(producer, topic, 10, 14); // published while the consumer is away
            try (LineClient again = new LineClient(restarted.linePort())) {
                again.requestOk(LineClient.consume(topic, consumer));
                List<JsonNode> got = again.deliveries(8);
                assertThat(got).extracting(d -> d.path("message").asText()).containsExactlyElementsOf(messages(6, 14));
                assertThat(got).extracting(d -> d.path("offset").asLong()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
                // nothing else was queued before this one: the next delivery is the next publish
                publish(producer, topic, 14, 15);
                assertThat(again.deliveries(1).get(0).path("message").asText()).isEqualTo("m14");
            }
        }
    }

    private static void publish(LineClient producer, String topic, int from, int to) throws Exception {
        for (String message : messages(from, to)) {
            producer.requestOk(LineClient.publish(topic, message));
        }
    }

    private static List<String> messages(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
    }
}
