package io.kafkaclone.cli;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What every publish of one CLI run shares: topic, key, headers, partition. Only the message and id vary. */
record PublishRequest(String topic, String key, Map<String, String> headers, Integer partition) {

    ObjectNode toJson(long id, String message) {
        ObjectNode request = LineConnection.request("publish").put("id", id).put("topic", topic).put("message", message);
        if (key != null) {
            request.put("key", key);
        }
        if (headers != null && !headers.isEmpty()) {
            ObjectNode h = request.putObject("headers");
            headers.forEach(h::put);
        }
        if (partition != null) {
            request.put("partition", partition);
        }
        return request;
    }

    /** How the CLI prints where a record landed: {@code topic-partition@offset}, as Kafka's tools name a partition. */
    static String position(JsonNode reply) {
        return reply.path("topic").asText() + "-" + reply.path("partition").asInt() + "@" + reply.path("offset").asLong();
    }
}
