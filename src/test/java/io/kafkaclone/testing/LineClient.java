package io.kafkaclone.testing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A raw-socket line-protocol client for tests: sends JSON lines with ids (pipelining allowed), matches replies
 * by id, and queues deliveries ({@code "type":"message"}) separately. When the connection ends, every reply
 * still awaited completes exceptionally, so a test can tell acknowledged requests from lost ones.
 */
public final class LineClient implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final BufferedWriter out;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> deliveries = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> readLoop(in), "line-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static LineClient connect(String host, int port) {
        try {
            Socket socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            return new LineClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    public static LineClient connect(int port) {
        return connect("127.0.0.1", port);
    }

    public static ObjectNode op(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    public static ObjectNode publish(String topic, String message) {
        return op("publish").put("topic", topic).put("message", message);
    }

    public static ObjectNode consume(String topic, String consumer) {
        return op("consume").put("topic", topic).put("consumer", consumer);
    }

    public static ObjectNode ack(JsonNode delivery, String consumer) {
        return op("ack").put("topic", delivery.path("topic").asText()).put("consumer", consumer)
                .put("partition", delivery.path("partition").asInt()).put("offset", delivery.path("offset").asLong());
    }

    /** Sends a request (an id is added) and flushes; the future completes with the reply carrying that id. */
    public CompletableFuture<JsonNode> send(ObjectNode request) {
        return send(request, true);
    }

    /**
     * Sends a request; with {@code flush} false it stays buffered until a later flushing send or {@link #flush()},
     * which lets a test pipeline thousands of requests cheaply.
     */
    public CompletableFuture<JsonNode> send(ObjectNode request, boolean flush) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        awaited.put(id, reply);
        if (closed.isDone()) { // the reader has already failed what it was awaiting
            awaited.remove(id);
            reply.completeExceptionally(new IOException("connection closed"));
            return reply;
        }
        try {
            String line = JSON.writeValueAsString(request.put("id", id));
            synchronized (out) {
                out.write(line);
                out.write('\n');
                if (flush) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            awaited.remove(id);
            reply.completeExceptionally(e);
        }
        return reply;
    }

    public void flush() {
        try {
            synchronized (out) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request and waits for its reply (which may be an error reply: check {@code ok}). */
    public JsonNode call(ObjectNode request, Duration timeout) {
        try {
            return send(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no reply to " + request + " within " + timeout, e);
        }
    }

    /** Like {@link #call} but fails unless the reply says {@code "ok":true}. */
    public JsonNode callOk(ObjectNode request, Duration timeout) {
        JsonNode reply = call(request, timeout);
        if (!reply.path("ok").asBoolean(false)) {
            throw new AssertionError("broker refused " + request + ": " + reply);
        }
        return reply;
    }

    /** The next delivery, or null when none arrived within the timeout. */
    public JsonNode nextDelivery(Duration timeout) throws InterruptedException {
        return deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for {@code count} deliveries; fails with what arrived so far when the deadline passes first. */
    public List<JsonNode> deliveries(int count, Duration timeout) throws InterruptedException {
        List<JsonNode> got = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got.size() < count) {
            JsonNode next = deliveries.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("got " + got.size() + " of " + count + " deliveries within " + timeout
                        + (got.isEmpty() ? "" : "; last: " + got.get(got.size() - 1)));
            }
            got.add(next);
        }
        return got;
    }

    /** Completes when the broker closed the connection (or {@link #close()} was called). */
    public CompletableFuture<Void> closedFuture() {
        return closed;
    }

    private void readLoop(BufferedReader in) {
        IOException failure = null;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode json = JSON.readTree(line);
                if ("message".equals(json.path("type").asText(null))) {
                    deliveries.add(json);
                } else {
                    CompletableFuture<JsonNode> reply = awaited.remove(json.path("id").asLong(-1));
                    if (reply != null) {
                        reply.complete(json);
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            IOException cause = failure != null ? failure : new IOException("connection closed by the broker");
            awaited.values().forEach(f -> f.completeExceptionally(cause));
            awaited.clear();
            closed.complete(null);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection: nothing to recover
        }
    }
}
