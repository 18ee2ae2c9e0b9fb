package io.kafkaclone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.testing.LineClient;

/** Reads a whole single-partition topic back through the line protocol and checks it against what was acknowledged. */
final class TopicContents {

    private TopicContents() {
    }

    /** Number of records the broker reports for a topic (the {@code topics} op). */
    static long messageCount(LineClient client, String topic) throws Exception {
        for (JsonNode t : client.requestOk(LineClient.op("topics")).path("topics")) {
            if (topic.equals(t.path("name").asText())) {
                return t.path("messages").asLong();
            }
        }
        throw new AssertionError("topic " + topic + " is not listed");
    }

    /** Every record of the topic, from the earliest, as deliveries to a fresh consumer. */
    static List<JsonNode> readAll(int linePort, String topic, Duration deadline) throws Exception {
        try (LineClient client = new LineClient(linePort)) {
            long count = messageCount(client, topic);
            client.requestOk(LineClient.consume(topic, "reader-" + UUID.randomUUID()).put("from", "earliest").put("auto_ack", true));
            return client.deliveries(Math.toIntExact(count), deadline);
        }
    }

    /**
     * Checks that the topic, read back after a crash or a stop, holds every acknowledged publish at its acknowledged
     * offset, and that what it holds is, in order and without gaps, a prefix of what {@link PipelinedPublisher} sent.
     *
     * @return how many records are present
     */
    static int assertHoldsEveryAcknowledged(int linePort, String topic, Map<Integer, Long> acked) throws Exception {
        List<JsonNode> present = readAll(linePort, topic, Duration.ofSeconds(120));
        long lost = acked.values().stream().filter(offset -> offset >= present.size()).count();
        assertThat(lost).as("acknowledged records missing after restart (%d acknowledged, %d present)", acked.size(),
                present.size()).isZero();
        for (int offset = 0; offset < present.size(); offset++) {
            JsonNode record = present.get(offset);
            assertThat(record.path("offset").asLong()).as("offset of record #%d", offset).isEqualTo(offset);
            assertThat(record.path("message").asText()).as("record at offset %d", offset)
                    .isEqualTo(PipelinedPublisher.message(offset));
        }
        acked.forEach((n, offset) -> assertThat(offset).as("acknowledged offset of message %d", n).isEqualTo(n.longValue()));
        return present.size();
    }
}
