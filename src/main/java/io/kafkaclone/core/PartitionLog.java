package io.kafkaclone.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * In-memory state of one partition: its offset range and the readers waiting for new records.
 * The database holds the records; this holds what lets readers wait without polling it.
 */
public final class PartitionLog {
    private final TopicLog topic;
    private final int partition;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private final List<Waiter> waiters = new ArrayList<>();

    PartitionLog(TopicLog topic, int partition, long logStartOffset, long logEndOffset) {
        this.topic = topic;
        this.partition = partition;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
    }

    public TopicLog topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic.name(), partition);
    }

    /** Offset of the oldest record still stored. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** Offset the next appended record will get; every offset below it is committed and readable. */
    public long logEndOffset() {
        return logEndOffset;
    }

    /**
     * Runs {@code callback} once, as soon as a record at {@code offset} or later is readable
     * (at once if it already is). Callbacks run on the committing thread and must only hand off work.
     *
     * @return cancels the wait; harmless after it fired
     */
    public Runnable onAppendAtOrAfter(long offset, Runnable callback) {
        Waiter waiter = new Waiter(offset, callback);
        synchronized (waiters) {
            if (logEndOffset <= offset) {
                waiters.add(waiter);
                return () -> {
                    synchronized (waiters) {
                        waiters.remove(waiter);
                    }
                };
            }
        }
        callback.run();
        return () -> {
        };
    }

    void advanceTo(long newEndOffset) {
        List<Runnable> ready = new ArrayList<>();
        synchronized (waiters) {
            if (newEndOffset <= logEndOffset) {
                return;
            }
            logEndOffset = newEndOffset;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
                Waiter w = it.next();
                if (w.offset < newEndOffset) {
                    it.remove();
                    ready.add(w.callback);
                }
            }
        }
        ready.forEach(PartitionLog::runQuietly);
    }

    void setLogStartOffset(long offset) {
        this.logStartOffset = offset;
    }

    /** Moves the log start forward (retention, DeleteRecords); never backward, never past the log end. */
    synchronized void raiseLogStartOffset(long offset) {
        long capped = Math.min(offset, logEndOffset);
        if (capped > logStartOffset) {
            logStartOffset = capped;
        }
    }

    /** Wakes every waiter (used when the topic goes away or the broker stops, so readers re-check). */
    void wakeAll() {
        List<Runnable> ready = new ArrayList<>();
        synchronized (waiters) {
            waiters.forEach(w -> ready.add(w.callback));
            waiters.clear();
        }
        ready.forEach(PartitionLog::runQuietly);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.getLogger(PartitionLog.class.getName()).log(System.Logger.Level.WARNING, "append waiter failed", e);
        }
    }

    private record Waiter(long offset, Runnable callback) {
    }
}
