package io.kafkaclone.line;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.ConsumerGroups;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.RecordBatches;
import io.kafkaclone.core.StoredChunk;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.core.TopicPartition;
import io.kafkaclone.metrics.BrokerMetrics;

/**
 * One {@code consume} of a connection: a member of the consumer group for one topic, pushing the
 * records of the partitions the group assigned to it. All state is touched on the connection's
 * event loop only; reads run on worker threads.
 */
final class Subscription {
    private static final Logger LOG = Logger.getLogger(Subscription.class);
    private static final int READ_BYTES = 256 * 1024;

    /** Where partitions assigned by the first rebalance start: committed, earliest, latest or an offset. */
    record StartAt(String mode, long offset) {
        static final StartAt COMMITTED = new StartAt("committed", -1);
    }

    private final LineConnection connection;
    private final Broker broker;
    private final BrokerMetrics metrics;
    private final TopicLog topic;
    private final String group;
    private final boolean autoAck;
    private StartAt startAt;
    private ConsumerGroups.Member member;
    private final Map<Integer, Cursor> cursors = new HashMap<>();
    private Set<Integer> assignment = Set.of();
    private boolean started;
    private boolean closed;

    Subscription(LineConnection connection, Broker broker, BrokerMetrics metrics, TopicLog topic, String group, boolean autoAck,
            StartAt startAt) {
        this.connection = connection;
        this.metrics = metrics;
        this.broker = broker;
        this.topic = topic;
        this.group = group;
        this.autoAck = autoAck;
        this.startAt = startAt;
    }

    TopicLog topic() {
        return topic;
    }

    String group() {
        return group;
    }

    /** Joins the group; assignments arrive on the connection's context. */
    Set<Integer> join(String clientInfo) {
        member = broker.groups().join(group, topic, clientInfo, parts -> connection.onContext(() -> assign(parts)));
        assignment = member.assignment();
        return assignment;
    }

    /** Begins delivering; called once the consume reply is on the wire, so deliveries follow it. */
    void start() {
        if (closed) {
            return;
        }
        started = true;
        reconcile();
    }

    private void assign(Set<Integer> partitions) {
        if (closed) {
            return;
        }
        assignment = partitions;
        if (started) {
            reconcile();
        }
    }

    private void reconcile() {
        for (Iterator<Map.Entry<Integer, Cursor>> it = cursors.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Cursor> e = it.next();
            if (!assignment.contains(e.getKey())) {
                e.getValue().stop();
                it.remove();
            }
        }
        Set<Integer> added = new HashSet<>(assignment);
        added.removeAll(cursors.keySet());
        for (int p : added) {
            PartitionLog log = topic.partition(p);
            Cursor c = new Cursor(log, startPosition(log));
            cursors.put(p, c);
            c.pump();
        }
        if (!added.isEmpty()) {
            // the requested start applies to the first assignment only; later ones resume from the committed offset
            startAt = StartAt.COMMITTED;
        }
    }

    private long startPosition(PartitionLog log) {
        long position = switch (startAt.mode()) {
            case "earliest" -> log.logStartOffset();
            case "latest" -> log.logEndOffset();
            case "offset" -> Math.min(startAt.offset(), log.logEndOffset());
            default -> broker.committedOffset(group, log.topicPartition()).orElse(log.logStartOffset());
        };
        return Math.max(position, log.logStartOffset());
    }

    /** The socket drained: continue every partition that paused on a full write queue. */
    void resume() {
        cursors.values().forEach(Cursor::pump);
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        cursors.values().forEach(Cursor::stop);
        cursors.clear();
        if (member != null) {
            member.leave();
        }
    }

    /** Delivery state of one assigned partition: at most one read in flight, so order is kept. */
    private final class Cursor {
        private final PartitionLog log;
        private long position;
        private boolean reading;
        private boolean stopped;
        private Runnable cancelWait;

        Cursor(PartitionLog log, long position) {
            this.log = log;
            this.position = position;
        }

        void pump() {
            if (stopped || reading || closed || connection.isClosed() || topic.isDeleted()) {
                return;
            }
            if (connection.writeQueueFull()) {
                return; // resumed by the socket's drain handler
            }
            position = Math.max(position, log.logStartOffset());
            if (position >= log.logEndOffset()) {
                if (cancelWait == null) {
                    cancelWait = log.onAppendAtOrAfter(position, () -> connection.onContext(() -> {
                        cancelWait = null;
                        pump();
                    }));
                }
                return;
            }
            reading = true;
            long from = position;
            connection.blocking(() -> broker.read(log, from, READ_BYTES)).onComplete(ar -> {
                reading = false;
                if (stopped || closed || connection.isClosed()) {
                    return;
                }
                if (ar.failed()) {
                    LOG.warnf(ar.cause(), "reading %s for consumer %s failed; retrying", log.topicPartition(), group);
                    connection.retryLater(this::pump);
                    return;
                }
                deliver(ar.result());
                pump();
            });
        }

        private void deliver(List<StoredChunk> chunks) {
            long lastDelivered = -1;
            int delivered = 0;
            for (StoredChunk chunk : chunks) {
                for (StoredRecord r : RecordBatches.decode(chunk, position)) {
                    connection.write(connection.replies().delivery(topic, log.partition(), r));
                    lastDelivered = r.offset();
                    delivered++;
                }
                // past control records and batch tails too, so the cursor never re-reads a chunk
                position = Math.max(position, chunk.lastOffset() + 1);
            }
            if (delivered > 0) {
                metrics.consumed(LineServer.DOOR, topic.name(), delivered);
            }
            if (autoAck && lastDelivered >= 0) {
                TopicPartition tp = log.topicPartition();
                broker.commitOffset(group, tp, lastDelivered + 1, null, true).exceptionally(t -> {
                    LOG.warnf("auto-ack of %s for consumer %s failed: %s", tp, group, t.getMessage());
                    return null;
                });
            }
        }

        void stop() {
            stopped = true;
            if (cancelWait != null) {
                cancelWait.run();
                cancelWait = null;
            }
        }
    }
}
