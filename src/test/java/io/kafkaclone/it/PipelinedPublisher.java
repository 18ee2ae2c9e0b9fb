package io.kafkaclone.it;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

import io.kafkaclone.testing.LineClient;

/**
 * Publishes {@code message(i)} for i = 0, 1, 2, ... on one connection, pipelined, until {@code limit} or until the
 * connection breaks. It records every acknowledged offset by message number, so after a crash a test can check
 * that each one is still there.
 * <p>
 * At most {@link #WINDOW} publishes are unacknowledged at a time. Without a bound the producer runs far ahead and
 * the acknowledgements it has seen when the broker is killed are seconds old, long since on disk whatever the
 * database's write delay; with it they are fresh, so a broker that acknowledges before its commit reaches the file
 * (H2's default WRITE_DELAY of 500 ms, for one) fails the SIGKILL test.
 */
final class PipelinedPublisher implements AutoCloseable {

    static final int WINDOW = 200;

    private final LineClient client;
    private final String topic;
    private final int limit;
    private final Map<Integer, Long> ackedOffsets = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String firstRefusal;
    private final Semaphore window = new Semaphore(WINDOW);
    private final Thread sender;

    /** How a test brings the broker down while publishes are in flight. */
    interface Interruption {
        void apply(PackagedBroker broker) throws Exception;
    }

    /**
     * What the producer saw: how many publishes it sent, the offset of each acknowledged one, and how many the
     * broker refused once it was being brought down (with the first refusal's error, for the report).
     */
    record Outcome(long sent, Map<Integer, Long> acked, long refused, String firstRefusal) {
    }

    /**
     * Creates a single-partition topic, pipelines publishes to it, and once {@code acksFirst} are acknowledged
     * brings the broker down with {@code interruption}; returns once the connection is gone.
     */
    static Outcome publishUntilInterrupted(PackagedBroker broker, String topic, int limit, int acksFirst,
            Interruption interruption) throws Exception {
        try (LineClient admin = new LineClient(broker.linePort())) {
            admin.requestOk(LineClient.op("create").put("topic", topic).put("partitions", 1));
        }
        try (PipelinedPublisher publisher = new PipelinedPublisher(broker.linePort(), topic, limit)) {
            publisher.awaitAcked(acksFirst, Duration.ofSeconds(120));
            interruption.apply(broker);
            publisher.awaitDisconnected(Duration.ofSeconds(30));
            return new Outcome(publisher.sent.get(), Map.copyOf(publisher.ackedOffsets), publisher.refused.get(),
                    publisher.firstRefusal);
        }
    }

    PipelinedPublisher(int port, String topic, int limit) throws IOException {
        this.client = new LineClient(port);
        this.topic = topic;
        this.limit = limit;
        this.sender = new Thread(this::sendAll, "pipelined-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    static String message(int i) {
        return "message-" + i + "-" + "x".repeat(80);
    }

    private void sendAll() {
        try {
            for (int i = 0; i < limit; i++) {
                while (!window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    if (client.isClosed()) {
                        return;
                    }
                }
                int n = i;
                client.send(LineClient.publish(topic, message(n))).whenComplete((reply, failure) -> {
                    window.release();
                    if (failure == null) {
                        if (reply.path("ok").asBoolean(false)) {
                            ackedOffsets.put(n, reply.path("offset").asLong());
                        } else if (refused.getAndIncrement() == 0) {
                            firstRefusal = reply.path("error").toString();
                        }
                    }
                });
                sent.incrementAndGet();
            }
        } catch (IOException e) {
            // the broker went away mid-stream: that is what the tests do to it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until at least {@code count} publishes were acknowledged. */
    void awaitAcked(int count, Duration deadline) {
        Awaitility.await().atMost(deadline.toMillis(), TimeUnit.MILLISECONDS).pollInterval(Duration.ofMillis(5))
                .until(() -> ackedOffsets.size() >= count || refused.get() > 0);
        if (refused.get() > 0) {
            throw new AssertionError(refused.get() + " publishes were refused while the broker was up: " + firstRefusal);
        }
    }

    /** Waits until the broker closed the connection (after a kill or a stop), so no acknowledgement is still on its way. */
    void awaitDisconnected(Duration deadline) throws Exception {
        if (!client.awaitClosedByServer()) {
            throw new AssertionError("the broker did not close the connection within " + LineClient.WAIT);
        }
        sender.join(deadline.toMillis());
    }

    @Override
    public void close() throws IOException {
        client.close();
        sender.interrupt();
    }
}
