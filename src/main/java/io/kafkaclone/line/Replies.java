package io.kafkaclone.line;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kafkaclone.core.AppendResult;
import io.kafkaclone.core.Header;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.core.Utf8;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/** Builds the JSON lines the broker sends: replies ({@code id}/{@code ok}) and deliveries ({@code "type":"message"}). */
final class Replies {
    private final ObjectMapper mapper;

    Replies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode ok(JsonNode id) {
        ObjectNode n = mapper.createObjectNode();
        if (id != null) {
            n.set("id", id);
        }
        n.put("ok", true);
        return n;
    }

    ObjectNode error(JsonNode id, LineError e) {
        ObjectNode n = mapper.createObjectNode();
        if (id != null) {
            n.set("id", id);
        }
        n.put("ok", false);
        ObjectNode err = n.putObject("error");
        err.put("code", e.code());
        err.put("message", e.getMessage());
        return n;
    }

    ObjectNode delivery(TopicLog topic, int partition, StoredRecord r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", "message");
        n.put("topic", topic.name());
        n.put("partition", partition);
        n.put("offset", r.offset());
        n.put("timestamp", r.timestamp());
        putText(n, "key", "key_encoding", r.key());
        ObjectNode headers = n.putObject("headers");
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        putText(n, "message", "encoding", r.value());
        return n;
    }

    /** Writes bytes as a string, or base64 with {@code encodingField} set when they are not valid UTF-8. */
    private static void putText(ObjectNode n, String field, String encodingField, byte[] bytes) {
        if (bytes == null) {
            n.putNull(field);
            return;
        }
        String text = Utf8.decodeOrNull(bytes);
        if (text != null) {
            n.put(field, text);
        } else {
            n.put(field, Base64.getEncoder().encodeToString(bytes));
            n.put(encodingField, "base64");
        }
    }

    /**
     * The reply to a committed publish, streamed field by field into its buffer: the one reply sent per
     * published record, so it skips the tree ({@code ObjectNode} and its map) every other reply is built as;
     * the same fields and order as {@code ok(id)} plus the record's position.
     */
    Buffer published(JsonNode id, AppendResult r, long throttleMs) {
        ByteBuf out = Unpooled.buffer(128);
        try (JsonGenerator g = mapper.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            g.writeStartObject();
            if (id != null) {
                g.writeFieldName("id");
                g.writeTree(id);
            }
            g.writeBooleanField("ok", true);
            g.writeStringField("topic", r.topic());
            g.writeNumberField("partition", r.partition());
            g.writeNumberField("offset", r.baseOffset());
            g.writeNumberField("timestamp", r.timestamp());
            if (throttleMs > 0) {
                g.writeNumberField("throttle_ms", throttleMs);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise reply", e);
        }
        out.writeByte('\n');
        return Buffer.buffer(out);
    }

    Buffer line(ObjectNode n) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(n);
            Buffer b = Buffer.buffer(bytes.length + 1);
            b.appendBytes(bytes).appendByte((byte) '\n');
            return b;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise reply", e);
        }
    }
}
