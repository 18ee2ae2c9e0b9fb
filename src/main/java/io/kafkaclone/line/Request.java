package io.kafkaclone.line;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kafkaclone.core.Header;
import io.kafkaclone.core.TopicNames;

/** One parsed request line with typed, validated field access; every problem is a {@link LineError}. */
final class Request {
    final ObjectNode json;
    final JsonNode id;
    final String op;

    Request(ObjectNode json) {
        this.json = json;
        JsonNode idNode = json.get("id");
        this.id = idNode == null || idNode.isNull() ? null : idNode;
        JsonNode opNode = json.get("op");
        if (opNode == null || !opNode.isTextual()) {
            throw new LineError(LineError.BAD_REQUEST, "missing string field 'op'");
        }
        this.op = opNode.asText();
    }

    String requiredString(String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            throw new LineError(LineError.BAD_REQUEST, "missing field '" + field + "'");
        }
        if (!n.isTextual()) {
            throw new LineError(LineError.BAD_REQUEST, "field '" + field + "' must be a string");
        }
        return n.asText();
    }

    String optionalString(String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new LineError(LineError.BAD_REQUEST, "field '" + field + "' must be a string or null");
        }
        return n.asText();
    }

    String topic() {
        String topic = requiredString("topic");
        String problem = TopicNames.problem(topic);
        if (problem != null) {
            throw new LineError(LineError.INVALID_TOPIC, problem);
        }
        return topic;
    }

    String consumer() {
        String name = requiredString("consumer");
        if (name.isEmpty() || name.length() > 255) {
            throw new LineError(LineError.BAD_REQUEST, "field 'consumer' must be 1 to 255 characters");
        }
        return name;
    }

    /** An optional non-negative int field, or {@code fallback} when absent. */
    int optionalInt(String field, int fallback) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw new LineError(LineError.BAD_REQUEST, "field '" + field + "' must be a non-negative integer");
        }
        return n.asInt();
    }

    long requiredOffset(String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            throw new LineError(LineError.BAD_REQUEST, "missing field '" + field + "'");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw new LineError(LineError.BAD_REQUEST, "field '" + field + "' must be a non-negative integer");
        }
        return n.asLong();
    }

    boolean optionalBoolean(String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new LineError(LineError.BAD_REQUEST, "field '" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    List<Header> headers() {
        JsonNode n = json.get("headers");
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isObject()) {
            throw new LineError(LineError.BAD_REQUEST, "field 'headers' must be an object of string to string");
        }
        List<Header> headers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new LineError(LineError.BAD_REQUEST, "header '" + e.getKey() + "' must have a string value");
            }
            headers.add(new Header(e.getKey(), e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
