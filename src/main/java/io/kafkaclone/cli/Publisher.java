package io.kafkaclone.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Publishes one message, or every line of a reader. Lines are pipelined: one thread writes requests with
 * increasing ids while another reads the acknowledgements, so throughput is not bound by round trips.
 * Positions are printed in input order.
 */
final class Publisher {

    private final LineConnection connection;
    private final PublishRequest request;
    private final PrintWriter out;
    private final PrintWriter err;

    Publisher(LineConnection connection, PublishRequest request, PrintWriter out, PrintWriter err) {
        this.connection = connection;
        this.request = request;
        this.out = out;
        this.err = err;
    }

    /** Publishes one message and prints its position. */
    void publishOne(String message) throws IOException, BrokerErrorException {
        connection.send(request.toJson(1, message));
        connection.flush();
        JsonNode reply = awaitReply(1);
        LineConnection.requireOk(reply);
        out.println(PublishRequest.position(reply));
        out.flush();
    }

    private JsonNode awaitReply(long id) throws IOException {
        for (JsonNode line; (line = connection.receive()) != null; ) {
            if (!LineConnection.isDelivery(line) && line.path("id").asLong(-1) == id) {
                return line;
            }
        }
        throw new IOException("the broker closed the connection before acknowledging");
    }

    /**
     * Publishes each line of {@code lines}, prints each position, and returns how many the broker refused
     * (each refusal is reported on stderr with its line number).
     */
    long publishLines(BufferedReader lines) throws IOException, InterruptedException {
        AckReader acks = new AckReader();
        Thread reader = new Thread(acks, "kafka-clone-cli-acks");
        reader.setDaemon(true);
        reader.start();
        long sent = 0;
        try {
            for (String line; (line = lines.readLine()) != null; ) {
                connection.send(request.toJson(++sent, line));
                if (!lines.ready()) {
                    connection.flush(); // nothing more buffered: let the broker see what we have
                }
            }
            connection.flush();
        } catch (IOException e) {
            if (acks.failure == null) {
                throw e;
            }
        }
        acks.awaitAll(sent);
        if (acks.failure != null) {
            throw acks.failure;
        }
        return acks.refused;
    }

    /** Reads acknowledgements and prints them in request order. */
    private final class AckReader implements Runnable {
        private final Map<Long, JsonNode> early = new TreeMap<>();
        private long nextToPrint = 1;
        private long received;
        private long refused;
        private volatile IOException failure;
        private boolean ended;

        @Override
        public void run() {
            try {
                for (JsonNode line; (line = connection.receive()) != null; ) {
                    if (!LineConnection.isDelivery(line) && line.has("id")) {
                        accept(line);
                    }
                }
                if (!connection.isClosing()) {
                    failure = new IOException("the broker closed the connection before acknowledging every line");
                }
            } catch (IOException e) {
                if (!connection.isClosing()) {
                    failure = e;
                }
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        private synchronized void accept(JsonNode reply) {
            early.put(reply.path("id").asLong(), reply);
            for (JsonNode next; (next = early.remove(nextToPrint)) != null; nextToPrint++) {
                if (next.path("ok").asBoolean(false)) {
                    out.println(PublishRequest.position(next));
                } else {
                    refused++;
                    JsonNode error = next.path("error");
                    err.println("line " + nextToPrint + " refused: " + error.path("code").asText("UNKNOWN") + ": "
                            + error.path("message").asText(""));
                }
            }
            out.flush();
            received++;
            notifyAll();
        }

        synchronized void awaitAll(long sent) throws InterruptedException {
            while (received < sent && !ended) {
                wait();
            }
        }
    }
}
