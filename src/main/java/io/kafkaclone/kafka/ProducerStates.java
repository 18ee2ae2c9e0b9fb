package io.kafkaclone.kafka;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.core.AppendResult;
import io.kafkaclone.core.TopicPartition;

/**
 * Idempotent-producer bookkeeping: producer ids handed out by InitProducerId, and per producer and
 * partition the sequence numbers of the last few batches, so a retried batch is answered with its
 * original offsets instead of being appended twice, and a gap is refused.
 * <p>
 * Kept in memory only: after a broker restart the first batch of each producer and partition is
 * accepted whatever its sequence (as Kafka does for producers whose state expired), so a retry
 * spanning a restart can be stored twice. Producer ids are seeded from the clock so ids handed out
 * before a restart are not handed out again.
 */
final class ProducerStates {
    /** Kafka keeps the last five batches per producer and partition (max.in.flight.requests.per.connection <= 5). */
    private static final int REMEMBERED_BATCHES = 5;

    private final AtomicLong nextProducerId = new AtomicLong(System.currentTimeMillis() << 8);
    private final Map<Key, PartitionState> states = new ConcurrentHashMap<>();

    private record Key(long producerId, TopicPartition tp) {
    }

    private record Batch(int firstSeq, int lastSeq, CompletableFuture<AppendResult> result) {
    }

    private static final class PartitionState {
        short epoch;
        int lastSeq = -1;
        boolean fresh = true;
        final ArrayDeque<Batch> recent = new ArrayDeque<>();
    }

    /** What to do with a produced batch: its append (new or the original one), or an error. */
    record Admission(CompletableFuture<AppendResult> result, Errors error) {
    }

    long newProducerId() {
        return nextProducerId.getAndIncrement();
    }

    /**
     * Checks the sequence range of a batch and, when it is the next one, runs {@code append} (which
     * must only enqueue the write). Called in request order for each connection.
     */
    Admission admit(long producerId, short epoch, TopicPartition tp, int firstSeq, int lastSeq,
            Supplier<CompletableFuture<AppendResult>> append) {
        PartitionState s = states.computeIfAbsent(new Key(producerId, tp), k -> new PartitionState());
        synchronized (s) {
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
            s.fresh = false;
            CompletableFuture<AppendResult> result = append.get();
            Batch batch = new Batch(firstSeq, lastSeq, result);
            int previousLast = s.lastSeq;
            s.recent.addLast(batch);
            while (s.recent.size() > REMEMBERED_BATCHES) {
                s.recent.removeFirst();
            }
            s.lastSeq = lastSeq;
            result.whenComplete((r, failure) -> {
                if (failure != null) {
                    synchronized (s) {
                        // not stored: the producer may resend the same sequence
                        if (s.recent.peekLast() == batch) {
                            s.recent.removeLast();
                            s.lastSeq = previousLast;
                        }
                    }
                }
            });
            return new Admission(result, Errors.NONE);
        }
    }
}
