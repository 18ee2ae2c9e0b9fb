package io.kafkaclone.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Subscribes as a named consumer and prints each message value on its own line, acknowledging a message only
 * after it was printed and flushed (at-least-once). Runs until the broker closes the connection or
 * {@link LineConnection#close()} is called (the Ctrl-C shutdown hook does that).
 */
final class ConsumerLoop {

    private final LineConnection connection;
    private final PrintStream out;

    /** @param out raw bytes are written, so a value that is not text reaches the output unchanged */
    ConsumerLoop(LineConnection connection, OutputStream out) {
        this.connection = connection;
        this.out = out instanceof PrintStream p ? p : new PrintStream(out, false, StandardCharsets.UTF_8);
    }

    /**
     * @param from {@code committed}, {@code earliest}, {@code latest} or an offset, or null for the broker's default
     * @return normally only when the connection was closed on purpose
     */
    void run(String topic, String name, String from) throws IOException, BrokerErrorException {
        ObjectNode consume = LineConnection.request("consume").put("id", 0).put("topic", topic).put("consumer", name);
        if (from != null) {
            if (from.chars().allMatch(Character::isDigit)) {
                consume.put("from", Long.parseLong(from));
            } else {
                consume.put("from", from);
            }
        }
        long nextId = 1;
        try {
            connection.send(consume);
            connection.flush();
            for (JsonNode line; (line = connection.receive()) != null; ) {
                if (LineConnection.isDelivery(line)) {
                    print(line);
                    connection.send(LineConnection.request("ack").put("id", nextId++).put("topic", line.path("topic").asText(topic))
                            .put("consumer", name).put("partition", line.path("partition").asInt())
                            .put("offset", line.path("offset").asLong()));
                    connection.flush();
                } else {
                    LineConnection.requireOk(line);
                }
            }
        } catch (IOException e) {
            if (connection.isClosing()) {
                return;
            }
            throw e;
        }
        if (!connection.isClosing()) {
            throw new IOException("the broker closed the connection");
        }
    }

    private void print(JsonNode delivery) {
        String value = delivery.path("message").asText("");
        byte[] bytes = "base64".equals(delivery.path("encoding").asText(null))
                ? Base64.getDecoder().decode(value)
                : value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.write('\n');
        out.flush();
    }
}
