package io.kafkaclone.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One TCP connection speaking the line protocol: JSON objects, one per line.
 * Sending and receiving are independent so a client can pipeline (one thread writes, one reads).
 */
final class LineConnection implements Closeable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final BufferedReader in;
    private final BufferedWriter out;
    private volatile boolean closing;

    private LineConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
    }

    static LineConnection open(BrokerAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()), CONNECT_TIMEOUT_MILLIS);
            return new LineConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    static ObjectNode request(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    /** Buffers one request line; call {@link #flush()} to put it on the wire. */
    void send(ObjectNode request) throws IOException {
        out.write(JSON.writeValueAsString(request));
        out.write('\n');
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next line from the broker as JSON, or null when the broker closed the connection. */
    JsonNode receive() throws IOException {
        String line = in.readLine();
        return line == null ? null : JSON.readTree(line);
    }

    /** Tells the connection that a close is coming on purpose, so the read that fails because of it is not an error. */
    boolean isClosing() {
        return closing;
    }

    /** Closes quietly; safe to call from a shutdown hook while another thread is blocked reading. */
    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that would not close
        }
    }

    /** Throws the broker's error when the reply says {@code "ok":false}. */
    static void requireOk(JsonNode reply) throws BrokerErrorException {
        if (!reply.path("ok").asBoolean(false)) {
            JsonNode error = reply.path("error");
            throw new BrokerErrorException(error.path("code").asText("UNKNOWN"), error.path("message").asText(reply.toString()));
        }
    }

    static boolean isDelivery(JsonNode line) {
        return "message".equals(line.path("type").asText(null));
    }
}
