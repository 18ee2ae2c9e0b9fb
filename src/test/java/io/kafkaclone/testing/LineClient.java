package io.kafkaclone.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A plain-socket line-protocol client for tests: requests get an id and are matched with their
 * reply; deliveries and replies without an id are queued separately. Every wait has a deadline.
 */
public final class LineClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Socket socket;
    private final OutputStream out;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> deliveries = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> unmatched = new LinkedBlockingQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);

    public LineClient(int port) throws IOException {
        this("127.0.0.1", port);
    }

    public LineClient(String host, int port) throws IOException {
        this(new Socket(host, port));
    }

    /** Over a socket the test made, e.g. a TLS one. */
    public LineClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        Thread reader = new Thread(this::readLoop, "line-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static ObjectNode op(String op) {
        return MAPPER.createObjectNode().put("op", op);
    }

    public static ObjectNode publish(String topic, String message) {
        return op("publish").put("topic", topic).put("message", message);
    }

    public static ObjectNode consume(String topic, String consumer) {
        return op("consume").put("topic", topic).put("consumer", consumer);
    }

    public static ObjectNode ack(String topic, String consumer, int partition, long offset) {
        return op("ack").put("topic", topic).put("consumer", consumer).put("partition", partition).put("offset", offset);
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = MAPPER.readTree(line);
                if (node.has("type") && "message".equals(node.get("type").asText())) {
                    deliveries.add(node);
                } else if (node.has("id") && pending.containsKey(node.get("id").asText())) {
                    pending.remove(node.get("id").asText()).complete(node);
                } else {
                    unmatched.add(node);
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            closed.countDown();
            pending.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
        }
    }

    /** Sends a request (adding an id) and returns its reply future. */
    public CompletableFuture<JsonNode> send(ObjectNode request) throws IOException {
        String id = "r" + ids.incrementAndGet();
        request.put("id", id);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        sendRaw(MAPPER.writeValueAsString(request));
        return f;
    }

    /** Sends a request and waits for its reply. */
    public JsonNode request(ObjectNode request) throws Exception {
        return send(request).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void sendRaw(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public synchronized void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next delivery, or null when none arrives within the wait. */
    public JsonNode nextDelivery(Duration wait) throws InterruptedException {
        return deliveries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Exactly n deliveries; fails when they do not all arrive in time. */
    public List<JsonNode> deliveries(int n) throws InterruptedException {
        return deliveries(n, WAIT);
    }

    /** Exactly n deliveries within {@code wait} (reading a whole large topic back takes longer than WAIT). */
    public List<JsonNode> deliveries(int n, Duration wait) throws InterruptedException {
        List<JsonNode> got = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (got.size() < n) {
            long left = deadline - System.nanoTime();
            JsonNode d = left > 0 ? deliveries.poll(left, TimeUnit.NANOSECONDS) : null;
            if (d == null) {
                throw new AssertionError("expected " + n + " deliveries, got " + got.size() + ": "
                        + (got.size() <= 20 ? got : "..., " + got.get(got.size() - 1)));
            }
            got.add(d);
        }
        return got;
    }

    /** Deliveries already received and not yet taken. */
    public List<JsonNode> drainDeliveries() {
        List<JsonNode> got = new ArrayList<>();
        deliveries.drainTo(got);
        return got;
    }

    /** The next line that was not a delivery nor a reply to a request sent with {@link #send}. */
    public JsonNode nextUnmatched() throws InterruptedException {
        return unmatched.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a request and waits for its reply; fails unless the reply says {@code "ok":true}. */
    public JsonNode requestOk(ObjectNode request) throws Exception {
        JsonNode reply = request(request);
        if (!reply.path("ok").asBoolean(false)) {
            throw new AssertionError("refused: " + request + " -> " + reply);
        }
        return reply;
    }

    /** Whether the connection has ended (the server closed it, or it broke); does not wait. */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    public boolean awaitClosedByServer() throws InterruptedException {
        return closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the connection abruptly (TCP reset), as a crashed client would. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
