package io.kafkaclone.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

import io.kafkaclone.core.AppendResult;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.StoredChunk;
import io.kafkaclone.core.TopicPartition;

/**
 * Idempotent-producer bookkeeping: producer ids handed out by InitProducerId, and per producer and
 * partition the sequence numbers of the last few batches, so a retried batch is answered with its
 * original offsets instead of being appended twice, and a gap is refused.
 * <p>
 * The state lives in memory, but it is not lost on restart: the stored batches keep the producer
 * id, epoch and sequences they were produced with (they are stored as sent), so the first batch of
 * a producer id this run did not hand out (an earlier run's, or another broker's after a fail-over), on a partition, rebuilds the state from the tail of
 * that partition's log, as Kafka rebuilds it from its segments. Only the last
 * {@value #RECOVERY_SCAN_BYTES} bytes are scanned; a producer silent for longer is treated as new.
 */
final class ProducerStates {
    /** Kafka keeps the last five batches per producer and partition (max.in.flight.requests.per.connection <= 5). */
    private static final int REMEMBERED_BATCHES = 5;
    static final int RECOVERY_SCAN_BYTES = 8 * 1024 * 1024;

    private final Broker broker;
    private final Blocking blocking;
    /** Ids below this were handed out by an earlier run of the broker. Seeded from the clock so they do not repeat. */
    private final long firstIdOfThisRun;
    private final AtomicLong nextProducerId;
    private final Map<Key, PartitionState> states = new ConcurrentHashMap<>();

    /**
     * Cluster mode: other brokers write the same log, so even a producer id this broker handed out may
     * have batches it never saw (the producer wrote to another broker, which died): recover those too.
     */
    private final boolean sharedLog;

    ProducerStates(Broker broker, Blocking blocking, boolean sharedLog) {
        this(broker, blocking, System.currentTimeMillis() << 8, sharedLog);
    }

    ProducerStates(Broker broker, Blocking blocking, long firstIdOfThisRun) {
        this(broker, blocking, firstIdOfThisRun, false);
    }

    ProducerStates(Broker broker, Blocking blocking, long firstIdOfThisRun, boolean sharedLog) {
        this.broker = broker;
        this.blocking = blocking;
        this.firstIdOfThisRun = firstIdOfThisRun;
        this.nextProducerId = new AtomicLong(firstIdOfThisRun);
        this.sharedLog = sharedLog;
    }

    /** Looked up on every produced batch: equals and hashCode written out, as TopicPartition's (why there). */
    private record Key(long producerId, TopicPartition tp) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && producerId == other.producerId && java.util.Objects.equals(tp, other.tp);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(producerId) + java.util.Objects.hashCode(tp);
        }
    }

    private record Batch(int firstSeq, int lastSeq, CompletableFuture<AppendResult> result) {
    }

    private static final class PartitionState {
        short epoch;
        int lastSeq = -1;
        boolean fresh = true;
        final ArrayDeque<Batch> recent = new ArrayDeque<>();
        /** Admissions run in arrival order after this; it only lags while the state is being recovered. */
        CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    }

    /** What to do with a produced batch: its append (new or the original one), or an error. */
    record Admission(CompletableFuture<AppendResult> result, Errors error) {
    }

    long newProducerId() {
        return nextProducerId.getAndIncrement();
    }

    /**
     * Ids this broker gave out since it started; any other id (an earlier run's, or another broker's
     * in cluster mode, after a fail-over) may have batches in the log to rebuild its state from.
     */
    private boolean handedOutByThisRun(long producerId) {
        return producerId >= firstIdOfThisRun && producerId < nextProducerId.get();
    }

    /**
     * Checks the sequence range of a batch and, when it is the next one, runs {@code append} (which
     * must only enqueue the write). Called in request order for each connection; admissions for one
     * producer and partition are decided in call order.
     */
    CompletionStage<Admission> admit(long producerId, short epoch, PartitionLog log, int firstSeq, int lastSeq,
            Supplier<CompletableFuture<AppendResult>> append) {
        Key key = new Key(producerId, log.topicPartition());
        PartitionState s = states.computeIfAbsent(key, k -> new PartitionState());
        synchronized (s) {
            if (s.fresh && (sharedLog || !handedOutByThisRun(producerId)) && s.tail.isDone()) {
                s.tail = blocking.run(() -> recover(producerId, log)).thenAccept(found -> {
                    synchronized (s) {
                        found.forEach(b -> remember(s, b.epoch, b.batch));
                    }
                }).exceptionally(e -> null).toCompletableFuture(); // unrecoverable: treat as a new producer
            }
            CompletableFuture<Admission> decided = s.tail.thenApply(v -> {
                synchronized (s) {
                    return decide(s, epoch, firstSeq, lastSeq, append);
                }
            });
            s.tail = decided.handle((a, e) -> null); // one failed decision must not block the ones after it
            return decided;
        }
    }

    private static Admission decide(PartitionState s, short epoch, int firstSeq, int lastSeq,
            Supplier<CompletableFuture<AppendResult>> append) {
        if (!s.fresh && epoch < s.epoch) {
            return new Admission(null, Errors.INVALID_PRODUCER_EPOCH);
        }
        if (s.fresh || epoch > s.epoch) {
            s.epoch = epoch;
            s.recent.clear();
            s.lastSeq = -1;
        } else {
            for (Batch b : s.recent) {
                if (b.firstSeq == firstSeq && b.lastSeq == lastSeq) {
                    return new Admission(b.result, Errors.NONE); // a retry: answer with the original append
                }
            }
            int expected = s.lastSeq == Integer.MAX_VALUE ? 0 : s.lastSeq + 1;
            if (s.lastSeq >= 0 && firstSeq != expected) {
                return new Admission(null, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            }
        }
        CompletableFuture<AppendResult> result = append.get();
        Batch batch = new Batch(firstSeq, lastSeq, result);
        remember(s, epoch, batch);
        result.whenComplete((r, failure) -> {
            if (failure != null) {
                synchronized (s) {
                    forgetFrom(s, batch);
                }
            }
        });
        return new Admission(result, Errors.NONE);
    }

    /**
     * A batch that was not stored (the commit failed): the producer resends from its first sequence,
     * so that becomes the next expected one, and neither it nor the batches admitted after it may
     * answer a resend with their (failed or, at worst, unrelated) result. Without this a resend of
     * a failed batch found it among the recent ones and got the same failure until it timed out.
     */
    private static void forgetFrom(PartitionState s, Batch failed) {
        if (!s.recent.contains(failed)) {
            return; // already forgotten with an earlier failed batch, or superseded by a new epoch
        }
        while (s.recent.peekLast() != failed) {
            s.recent.removeLast();
        }
        s.recent.removeLast();
        s.lastSeq = failed.firstSeq - 1;
    }

    private static void remember(PartitionState s, short epoch, Batch batch) {
        if (!s.fresh && epoch > s.epoch) {
            s.recent.clear();
        }
        s.fresh = false;
        s.epoch = epoch;
        s.recent.addLast(batch);
        while (s.recent.size() > REMEMBERED_BATCHES) {
            s.recent.removeFirst();
        }
        s.lastSeq = batch.lastSeq;
    }

    private record Recovered(short epoch, Batch batch) {
    }

    /** The producer's last batches in the tail of the log, oldest first. Blocking. */
    private List<Recovered> recover(long producerId, PartitionLog log) {
        List<Recovered> found = new ArrayList<>();
        // a producer that moved here from another broker (cluster mode) retries what that broker may have
        // committed just before it died: read up to what storage holds, not to the end this broker has heard of
        broker.catchUp(log);
        long from = log.logStartOffset();
        long end = log.logEndOffset();
        // walk back from the end in steps until the scan budget is spent, then read forward
        long sizeGuess = Math.max(1, broker.sizeInBytes(log) / Math.max(1, end - from));
        from = Math.max(from, end - RECOVERY_SCAN_BYTES / sizeGuess);
        int budget = RECOVERY_SCAN_BYTES;
        while (from < end && budget > 0) {
            List<StoredChunk> chunks = broker.read(log, from, Math.min(budget, 1024 * 1024));
            if (chunks.isEmpty()) {
                break;
            }
            for (StoredChunk c : chunks) {
                budget -= c.payload().length;
                for (MutableRecordBatch b : MemoryRecords.readableRecords(ByteBuffer.wrap(c.payload())).batches()) {
                    if (b.producerId() == producerId && b.lastOffset() >= from) {
                        AppendResult original = new AppendResult(log.topic().name(), log.partition(), b.baseOffset(), b.lastOffset(),
                                b.maxTimestamp());
                        found.add(new Recovered(b.producerEpoch(),
                                new Batch(b.baseSequence(), b.lastSequence(), CompletableFuture.completedFuture(original))));
                    }
                }
                from = c.lastOffset() + 1;
            }
        }
        return found;
    }
}
