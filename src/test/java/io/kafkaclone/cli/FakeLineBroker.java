package io.kafkaclone.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A scripted stand-in for the broker's line protocol, to test the CLI's own behaviour (ordering, acks, errors)
 * without the real server. It serves one connection and records every request it read.
 */
final class FakeLineBroker implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Answers one request; may write any number of lines, or close the connection. */
    interface Script {
        void onRequest(JsonNode request, Connection connection) throws IOException;
    }

    static final class Connection {
        private final Socket socket;

        Connection(Socket socket) {
            this.socket = socket;
        }

        void send(String jsonLine) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    FakeLineBroker(Script script) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread serve = new Thread(() -> serve(script), "fake-line-broker");
        serve.setDaemon(true);
        serve.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<JsonNode> requests() {
        return requests;
    }

    private void serve(Script script) {
        try (Socket socket = server.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            Connection connection = new Connection(socket);
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode request = JSON.readTree(line);
                requests.add(request);
                script.onRequest(request, connection);
            }
        } catch (IOException ignored) {
            // the client or the script closed the connection: the test checks what was recorded
        }
    }

    static String ok(JsonNode request, String moreFields) {
        return "{\"id\":" + request.path("id") + ",\"ok\":true" + (moreFields.isEmpty() ? "" : "," + moreFields) + "}";
    }

    static String error(JsonNode request, String code, String message) {
        return "{\"id\":" + request.path("id") + ",\"ok\":false,\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\"}}";
    }

    static String published(JsonNode request, long offset) {
        return ok(request, "\"topic\":" + request.path("topic") + ",\"partition\":0,\"offset\":" + offset + ",\"timestamp\":1");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
