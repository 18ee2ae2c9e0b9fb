package io.kafkaclone.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The single writer of the log. Appends and offset commits queue up while a transaction is in
 * flight; the next transaction takes everything queued (group commit), so durability costs one
 * commit per batch of requests rather than one per message. Futures complete only after commit.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());

    sealed interface Op permits Append, OffsetCommit, TrimLog {
        CompletableFuture<?> future();
    }

    /**
     * Either {@code records} (encoded here, merged with neighbours) or pre-encoded {@code batches} with offsets from 0,
     * position to limit (a producer's request, read here without copying it first).
     */
    record Append(PartitionLog log, List<Record> records, ByteBuffer batches, int count, CompletableFuture<AppendResult> future)
            implements Op {
    }

    record OffsetCommit(String group, TopicPartition tp, long offset, String metadata, boolean onlyForward,
            CompletableFuture<Void> future) implements Op {
    }

    /**
     * Raises a partition's log start and deletes a bounded number of stored chunks below it (retention,
     * DeleteRecords). Runs here, on the one writer, in its own short transaction after the group commit,
     * so it never races appends to the partition row and a failure fails only itself.
     */
    record TrimLog(PartitionLog log, long newStart, int maxChunks, CompletableFuture<Storage.TrimResult> future) implements Op {
    }

    private final Storage storage;
    private final BrokerSettings settings;
    private final LongSupplier clock;
    private final OffsetCommitListener offsetListener;
    private final ChunkCommitListener chunkListener;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean accepting = true;
    private final AtomicLong transactions = new AtomicLong();
    /** Failed commits since the last successful one (writer thread only). */
    private int failedInARow;

    interface OffsetCommitListener {
        void committed(String group, TopicPartition tp, long offset, String metadata, long commitTime, boolean onlyForward);
    }

    /** Told of the rows committed to a partition before its readers are woken (the chunk cache). */
    interface ChunkCommitListener {
        void committed(PartitionLog log, List<StoredChunk> chunks);
    }

    GroupCommitWriter(Storage storage, BrokerSettings settings, LongSupplier clock, OffsetCommitListener offsetListener,
            ChunkCommitListener chunkListener) {
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
        this.offsetListener = offsetListener;
        this.chunkListener = chunkListener;
        this.thread = new Thread(this::run, "log-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    <T> CompletableFuture<T> submit(Op op, CompletableFuture<T> future) {
        if (!accepting) {
            future.completeExceptionally(new BrokerException(ErrorCode.SHUTTING_DOWN, "broker is shutting down"));
            return future;
        }
        queue.add(op);
        return future;
    }

    long transactions() {
        return transactions.get();
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        List<Op> ops = new ArrayList<>();
        while (accepting || !queue.isEmpty()) {
            try {
                Op first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                ops.add(first);
                queue.drainTo(ops, settings.maxOpsPerCommit() - 1);
                commit(ops);
                if (failedInARow > 0) {
                    LOG.log(System.Logger.Level.INFO, "storage works again after {0} failed commits", failedInARow);
                    failedInARow = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                // the transaction rolled back: offsets reserved in it are free again (the row lock and
                // the counter are in the database) and no PartitionLog advanced, so nothing leaves a gap
                BrokerException failure = StorageFailure.of(t);
                if (failedInARow++ == 0) {
                    LOG.log(System.Logger.Level.ERROR, "group commit failed; its requests are refused", t);
                } else {
                    // a database that stays down would otherwise print a stack trace per commit
                    LOG.log(System.Logger.Level.WARNING, "group commit failed again ({0} in a row): {1}", failedInARow,
                            failure.getMessage());
                }
                ops.forEach(op -> op.future().completeExceptionally(failure));
            } finally {
                ops.clear();
            }
        }
        BrokerException stopped = new BrokerException(ErrorCode.SHUTTING_DOWN, "broker is shutting down");
        queue.forEach(op -> op.future().completeExceptionally(stopped));
    }

    /** Appends of one partition within a transaction, laid out as consecutive pieces. */
    private static final class PartitionWrite {
        final PartitionLog log;
        final List<Append> appends = new ArrayList<>();
        /** Encoded line records, or a producer's batches as received (a view of its request, copied into a row first). */
        final List<ByteBuffer> pieces = new ArrayList<>();
        /** Offset shift of each piece relative to the reserved base (its offsets start at 0 or are encoded there). */
        final List<Long> pieceShift = new ArrayList<>();
        final long[] relativeBaseOf;
        int total;
        long baseOffset;
        /** The rows inserted by the transaction that committed. */
        final List<StoredChunk> stored = new ArrayList<>();

        PartitionWrite(PartitionLog log, int size) {
            this.log = log;
            this.relativeBaseOf = new long[size];
        }
    }

    private void commit(List<Op> ops) {
        long now = clock.getAsLong();
        Map<PartitionLog, List<Append>> byPartition = new LinkedHashMap<>();
        Map<List<Object>, OffsetCommit> offsets = new LinkedHashMap<>();
        List<TrimLog> trims = new ArrayList<>();
        for (Op op : ops) {
            if (op instanceof TrimLog t) {
                trims.add(t);
            } else if (op instanceof Append a) {
                byPartition.computeIfAbsent(a.log(), k -> new ArrayList<>()).add(a);
            } else if (op instanceof OffsetCommit c) {
                List<Object> key = List.of(c.group(), c.tp());
                OffsetCommit previous = offsets.get(key);
                if (previous == null || !c.onlyForward() || c.offset() > previous.offset()) {
                    offsets.put(key, c);
                }
            }
        }
        List<PartitionWrite> writes = new ArrayList<>();
        byPartition.forEach((log, appends) -> writes.add(layOut(log, appends, now)));
        if (writes.isEmpty() && offsets.isEmpty()) {
            trim(trims);
            return;
        }
        // partition rows are locked in one order by every writer: brokers sharing the database
        // (cluster mode) then wait for each other's commits instead of deadlocking
        writes.sort(java.util.Comparator.<PartitionWrite>comparingLong(w -> w.log.topic().storageId()).thenComparingInt(w -> w.log.partition()));

        storage.inTransaction(tx -> {
            for (PartitionWrite w : writes) {
                w.baseOffset = tx.reserveOffsets(w.log.topic().storageId(), w.log.partition(), w.total, w.log.logEndOffset());
                w.stored.clear(); // a retried transaction lays the rows out again
                for (byte[] chunk : chunks(w)) {
                    StoredChunk row = RecordBatches.describe(chunk);
                    tx.insertChunk(w.log.topic().storageId(), w.log.partition(), row);
                    w.stored.add(row);
                }
            }
            for (OffsetCommit c : offsets.values()) {
                tx.commitOffset(c.group(), c.tp().topic(), c.tp().partition(), c.offset(), c.metadata(), now, c.onlyForward());
            }
        });
        transactions.incrementAndGet();

        for (PartitionWrite w : writes) {
            chunksCommitted(w);
            w.log.advanceTo(w.baseOffset + w.total);
            for (int i = 0; i < w.appends.size(); i++) {
                Append a = w.appends.get(i);
                long first = w.baseOffset + w.relativeBaseOf[i];
                a.future().complete(new AppendResult(w.log.topic().name(), w.log.partition(), first, first + a.count() - 1, now));
            }
        }
        for (Map.Entry<List<Object>, OffsetCommit> e : offsets.entrySet()) {
            OffsetCommit c = e.getValue();
            offsetListener.committed(c.group(), c.tp(), c.offset(), c.metadata(), now, c.onlyForward());
        }
        for (Op op : ops) {
            if (op instanceof OffsetCommit c) {
                c.future().complete(null);
            }
        }
        trim(trims);
    }

    /** Hands the committed rows on before advanceTo wakes readers, so a woken reader finds them. */
    private void chunksCommitted(PartitionWrite w) {
        try {
            chunkListener.committed(w.log, w.stored);
        } catch (RuntimeException e) {
            // the rows are committed: a listener failing must not fail the appends
            LOG.log(System.Logger.Level.WARNING, "chunk commit listener failed for " + w.log.topicPartition(), e);
        }
    }

    private void trim(List<TrimLog> trims) {
        for (TrimLog t : trims) {
            try {
                Storage.TrimResult[] result = new Storage.TrimResult[1];
                storage.inTransaction(tx -> result[0] = tx.trimLog(t.log().topic().storageId(), t.log().partition(), t.newStart(),
                        t.maxChunks(), t.log().logEndOffset()));
                // raised only after the commit: a failed trim hides nothing that is still stored
                t.log().raiseLogStartOffset(result[0].logStartOffset());
                t.future().complete(result[0]);
            } catch (RuntimeException e) {
                t.future().completeExceptionally(e instanceof BrokerException ? e
                        : new BrokerException(ErrorCode.STORAGE_ERROR, "log trim failed: " + e.getMessage(), e));
            }
        }
    }

    /** Encodes neighbouring record appends as one batch and places produced batches after them, offsets relative to 0. */
    private static PartitionWrite layOut(PartitionLog log, List<Append> appends, long now) {
        PartitionWrite w = new PartitionWrite(log, appends.size());
        w.appends.addAll(appends);
        int i = 0;
        while (i < appends.size()) {
            Append a = appends.get(i);
            if (a.records() != null) {
                List<Record> merged = new ArrayList<>();
                int start = w.total;
                while (i < appends.size() && appends.get(i).records() != null) {
                    Append r = appends.get(i);
                    w.relativeBaseOf[i] = w.total;
                    merged.addAll(r.records());
                    w.total += r.count();
                    i++;
                }
                w.pieces.add(ByteBuffer.wrap(RecordBatches.encode(merged, start, now)));
                w.pieceShift.add(0L);
            } else {
                w.relativeBaseOf[i] = w.total;
                w.pieces.add(a.batches());
                w.pieceShift.add((long) w.total);
                w.total += a.count();
                i++;
            }
        }
        return w;
    }

    /**
     * Groups the pieces into rows of about maxChunkBytes, each copied once into an array of its exact
     * size and renumbered there to the reserved base (the row is the only copy the writer makes; the
     * producer's bytes stay as received apart from the base offset, and a retried transaction starts
     * again from the pieces).
     */
    private List<byte[]> chunks(PartitionWrite w) {
        List<byte[]> chunks = new ArrayList<>();
        int first = 0;
        while (first < w.pieces.size()) {
            int end = first;
            int size = 0;
            while (end < w.pieces.size() && (size == 0 || size + w.pieces.get(end).remaining() <= settings.maxChunkBytes())) {
                size += w.pieces.get(end).remaining();
                end++;
            }
            byte[] row = new byte[size];
            int position = 0;
            for (int i = first; i < end; i++) {
                ByteBuffer piece = w.pieces.get(i);
                int length = piece.remaining();
                piece.duplicate().get(row, position, length);
                RecordBatches.shiftOffsets(row, position, length, w.baseOffset + w.pieceShift.get(i));
                position += length;
            }
            chunks.add(row);
            first = end;
        }
        return chunks;
    }

    @Override
    public void close() {
        accepting = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
