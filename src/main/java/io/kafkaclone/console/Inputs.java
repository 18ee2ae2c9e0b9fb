package io.kafkaclone.console;

import java.util.Base64;
import java.util.OptionalInt;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.TopicNames;

/**
 * Strict reading of query parameters and JSON bodies. Parameters arrive as strings and JSON fields
 * are checked for their exact type, so "abc" for a number or 5 for a text is a 400, never a 404/500
 * or a silent coercion.
 */
final class Inputs {
    private Inputs() {
    }

    static String topicName(String name) {
        String problem = TopicNames.problem(name);
        if (problem != null) {
            throw new ConsoleException(400, "INVALID_TOPIC", problem);
        }
        return name;
    }

    static OptionalLong longParam(String name, String value, long min, long max) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ConsoleException.badRequest("query parameter '" + name + "' must be an integer, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw ConsoleException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max + ", got " + n);
        }
        return OptionalLong.of(n);
    }

    static JsonNode object(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ConsoleException.badRequest("a JSON object body is required");
        }
        if (!body.isObject()) {
            throw ConsoleException.badRequest("the body must be a JSON object, got " + body.getNodeType().name().toLowerCase());
        }
        return body;
    }

    /** A text field; null when absent or JSON null, unless required. */
    static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ConsoleException.badRequest("field '" + field + "' is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw ConsoleException.badRequest("field '" + field + "' must be a string, got " + n.getNodeType().name().toLowerCase());
        }
        return n.asText();
    }

    static OptionalInt integer(JsonNode body, String field, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return OptionalInt.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw ConsoleException.badRequest("field '" + field + "' must be an integer, got " + n);
        }
        int v = n.intValue();
        if (v < min || v > max) {
            throw ConsoleException.badRequest("field '" + field + "' must be between " + min + " and " + max + ", got " + v);
        }
        return OptionalInt.of(v);
    }

    /** Bytes of a text field, base64-decoded when {@code encodingField} says "base64". */
    static byte[] bytes(JsonNode body, String field, String encodingField, boolean required) {
        String text = text(body, field, required);
        String encoding = text(body, encodingField, false);
        if (text == null) {
            return null;
        }
        if (encoding == null || encoding.equals("utf8") || encoding.equals("text")) {
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!encoding.equals("base64")) {
            throw ConsoleException.badRequest("field '" + encodingField + "' must be \"base64\" or \"text\", got \"" + encoding + "\"");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ConsoleException.badRequest("field '" + field + "' is not valid base64");
        }
    }
}
