package io.kafkaclone.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.kafkaclone.core.ChunkCache.PartitionKey;

/**
 * Reads stored chunks through the {@link ChunkCache}: from memory when it holds a contiguous run from
 * the requested offset, else from storage (keeping what storage returned). After each read it reads the
 * next range ahead on a background thread, so a consumer behind the tail finds its next fetch in memory:
 * its fetches are serial, and the read-ahead overlaps the database read with the consumer's round trip.
 * With a zero budget every read goes straight to storage and nothing runs in the background.
 */
final class ChunkReader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChunkReader.class.getName());
    /** Read-aheads running at once; each is a database read, and the machine's cores serve the fetches too. */
    private static final int READ_AHEAD_THREADS = 2;

    private final Storage storage;
    private final ChunkCache cache;
    private final ExecutorService readAheads;
    /** At most one read-ahead per partition, queued or running. */
    private final Map<PartitionKey, ReadAhead> inFlight = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile boolean closed;

    /** What a read-ahead fetches; a reader that wants exactly that waits for it instead of reading it again. */
    private static final class ReadAhead {
        final long from;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile boolean started;

        ReadAhead(long from) {
            this.from = from;
        }
    }

    ChunkReader(Storage storage, ChunkCache cache) {
        this.storage = storage;
        this.cache = cache;
        this.readAheads = cache.enabled() ? Executors.newFixedThreadPool(READ_AHEAD_THREADS, daemonThreads()) : null;
    }

    /**
     * The chunks from the one holding {@code from} on, up to about maxBytes (at least one when any exists),
     * like {@link Storage#readChunks}. The caller has checked that {@code from} is between the partition's log
     * start and log end. Blocking.
     */
    List<StoredChunk> read(PartitionLog log, long from, int maxBytes) {
        PartitionKey key = PartitionKey.of(log);
        if (!cache.enabled()) {
            return storage.readChunks(key.topicId(), key.partition(), from, maxBytes);
        }
        List<StoredChunk> chunks = cached(log, from, maxBytes);
        if (chunks == null && awaitReadAheadOf(key, endOfCachedRun(key, from))) {
            chunks = cached(log, from, maxBytes);
        }
        if (chunks != null) {
            return chunks;
        }
        misses.increment();
        chunks = storage.readChunks(key.topicId(), key.partition(), from, maxBytes);
        keep(log, key, chunks);
        if (!chunks.isEmpty()) {
            readAhead(log, key, chunks.get(chunks.size() - 1).lastOffset() + 1, maxBytes);
        }
        return chunks;
    }

    /** The cached chunks from {@code from} on, or null when the cache does not hold it (no storage read, no waiting). */
    List<StoredChunk> cached(PartitionLog log, long from, int maxBytes) {
        if (!cache.enabled()) {
            return null;
        }
        PartitionKey key = PartitionKey.of(log);
        List<StoredChunk> chunks = cache.chunksFrom(key, from, maxBytes, log.logEndOffset());
        if (chunks.isEmpty() || endsWhereReadAheadReads(log, key, from, maxBytes)) {
            return null;
        }
        hits.increment();
        readAhead(log, key, chunks.get(chunks.size() - 1).lastOffset() + 1, maxBytes);
        return chunks;
    }

    /**
     * True when the cached run stops short of the budget, below the log end, exactly where a read-ahead is
     * reading on: a consumer's next fetch usually starts inside the last row its previous fetch reached
     * into, and answering it from memory then would send a fraction of its budget; waiting for the
     * read-ahead (on the blocking path) sends the whole of it.
     */
    private boolean endsWhereReadAheadReads(PartitionLog log, PartitionKey key, long from, int maxBytes) {
        long gap = cache.firstUncached(key, from, maxBytes); // -1: the run holds the budget
        ReadAhead ahead = inFlight.get(key);
        return gap >= 0 && gap < log.logEndOffset() && ahead != null && ahead.from == gap;
    }

    /** The offset after the cached run from {@code from} (where a read-ahead would continue it), or {@code from} when none. */
    private long endOfCachedRun(PartitionKey key, long from) {
        return cache.firstUncached(key, from, Long.MAX_VALUE);
    }

    /** Chunks the writer just committed to a partition: put in memory before readers learn of them. */
    void committed(PartitionLog log, List<StoredChunk> chunks) {
        cache.put(PartitionKey.of(log), chunks);
    }

    ChunkCacheStats stats() {
        return new ChunkCacheStats(hits.sum(), misses.sum(), cache.bytes(), cache.chunkCount());
    }

    /** Keeps chunks read from storage, except what can no longer be read (below the log start, deleted topic). */
    private void keep(PartitionLog log, PartitionKey key, List<StoredChunk> chunks) {
        if (log.topic().isDeleted()) {
            return;
        }
        long logStart = log.logStartOffset();
        List<StoredChunk> readable = new ArrayList<>(chunks.size());
        for (StoredChunk c : chunks) {
            if (c.lastOffset() >= logStart) {
                readable.add(c);
            }
        }
        cache.put(key, readable);
    }

    /**
     * Reads on from where the cached run from {@code next} ends, unless that run already holds maxBytes, it
     * reaches the log end, or a read-ahead of the partition is under way. (From the run's end, not from
     * {@code next}: a fetch that stopped inside a row leaves the rows after it cached but short of a
     * whole fetch, and the next fetch would find a gap there.)
     */
    private void readAhead(PartitionLog log, PartitionKey key, long next, int maxBytes) {
        long start = closed ? -1 : cache.firstUncached(key, next, maxBytes);
        if (start < 0 || start >= log.logEndOffset()) {
            return;
        }
        ReadAhead ahead = new ReadAhead(start);
        if (inFlight.putIfAbsent(key, ahead) != null) {
            return;
        }
        try {
            readAheads.execute(() -> run(log, key, ahead, maxBytes));
        } catch (RejectedExecutionException e) {
            finish(key, ahead); // closing
        }
    }

    private void run(PartitionLog log, PartitionKey key, ReadAhead ahead, int maxBytes) {
        ahead.started = true;
        try {
            // a reader may have read it from storage while this waited in the queue
            if (!closed && !cache.holds(key, ahead.from) && !log.topic().isDeleted()) {
                keep(log, key, storage.readChunks(key.topicId(), key.partition(), ahead.from, maxBytes));
            }
        } catch (RuntimeException e) {
            // only an optimisation: the reader that wants these chunks reads them itself
            LOG.log(System.Logger.Level.DEBUG, "read-ahead of " + log.topicPartition() + " from " + ahead.from + " failed", e);
        } finally {
            finish(key, ahead);
        }
    }

    private void finish(PartitionKey key, ReadAhead ahead) {
        inFlight.remove(key, ahead);
        ahead.done.complete(null);
    }

    /**
     * Waits for a running read-ahead that reads from {@code upTo} or earlier (the end of the reader's cached
     * run, which is its own offset when nothing is cached): it already issued the database read the reader
     * needs, so waiting is never slower than reading again. One still queued is not waited for (it may sit
     * behind others).
     */
    private boolean awaitReadAheadOf(PartitionKey key, long upTo) {
        ReadAhead ahead = inFlight.get(key);
        if (ahead == null || !ahead.started || ahead.from > upTo) {
            return false;
        }
        ahead.done.join(); // never fails: run() completes it normally whatever happened
        return true;
    }

    /** Stops read-ahead; a running one finishes first, so none reads while the database closes. */
    @Override
    public void close() {
        closed = true;
        if (readAheads == null) {
            return;
        }
        readAheads.shutdown(); // no interrupt: an interrupted H2 file read closes its file channel
        try {
            if (!readAheads.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "read-ahead threads still busy after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "chunk-read-ahead-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
