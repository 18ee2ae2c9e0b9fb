package io.kafkaclone.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Stored chunks kept in memory, a bounded number of payload bytes, least recently used out first.
 * A Kafka consumer fetches serially, so every database read a fetch waits for is paid in full; chunks
 * just committed and chunks read ahead let a fetch at or near the tail skip the database.
 * <p>
 * The cache never decides what is readable: the caller passes the partition's log end, and a lookup
 * only serves chunks wholly below it and contiguous from the requested offset. Chunks other brokers
 * committed (cluster mode) are never put here by the writer, so a hole between two cached chunks is
 * not proof there is nothing between them. Chunks are immutable once committed; payloads are shared,
 * never copied, and must not be modified.
 */
final class ChunkCache {
    private final long budgetBytes;
    /** Chunks by base offset, per partition. Guarded by {@code this}, like everything below. */
    private final Map<PartitionKey, NavigableMap<Long, StoredChunk>> partitions = new java.util.HashMap<>();
    /** Every cached chunk in access order: the first is the one to evict. */
    private final LinkedHashMap<ChunkKey, StoredChunk> recency = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    /** A partition by topic storage id, which a topic deleted and created again does not share. */
    record PartitionKey(long topicId, int partition) {
        static PartitionKey of(PartitionLog log) {
            return new PartitionKey(log.topic().storageId(), log.partition());
        }
    }

    private record ChunkKey(PartitionKey partition, long baseOffset) {
    }

    /** @param budgetBytes most payload bytes held; 0 disables the cache (nothing is ever kept) */
    ChunkCache(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("cache budget must not be negative, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    boolean enabled() {
        return budgetBytes > 0;
    }

    /** Keeps chunks of one partition; a chunk larger than the whole budget is not kept. */
    synchronized void put(PartitionKey partition, List<StoredChunk> chunks) {
        if (!enabled() || chunks.isEmpty()) {
            return;
        }
        NavigableMap<Long, StoredChunk> byBase = partitions.computeIfAbsent(partition, k -> new TreeMap<>());
        for (StoredChunk c : chunks) {
            if (c.payload().length > budgetBytes) {
                continue;
            }
            StoredChunk previous = byBase.put(c.baseOffset(), c);
            if (previous != null) {
                bytes -= previous.payload().length;
            }
            recency.put(new ChunkKey(partition, c.baseOffset()), c);
            bytes += c.payload().length;
        }
        evictOverBudget();
        if (byBase.isEmpty()) {
            partitions.remove(partition);
        }
    }

    /**
     * The cached chunks from the one holding {@code from} on, contiguous and wholly below {@code logEnd},
     * until they hold about maxBytes from {@code from} on (as {@link Storage#readChunks}: the last may reach
     * past it, at least one); empty when the chunk holding {@code from} is not cached, so the caller must
     * read storage.
     */
    synchronized List<StoredChunk> chunksFrom(PartitionKey partition, long from, int maxBytes, long logEnd) {
        List<StoredChunk> out = new ArrayList<>();
        StoredChunk next = holding(partition, from);
        if (next == null) {
            return out;
        }
        NavigableMap<Long, StoredChunk> byBase = partitions.get(partition);
        long total = 0;
        // a chunk at or past the log end is committed by the writer but not yet announced: not readable yet;
        // a missing successor below the log end is a hole (evicted, or appended by another broker)
        while (next != null && next.lastOffset() < logEnd && total < maxBytes) {
            recency.get(new ChunkKey(partition, next.baseOffset())); // touch: recently used
            out.add(next);
            total += next.bytesFrom(from);
            next = byBase.get(next.lastOffset() + 1);
        }
        return out;
    }

    /**
     * The first offset from {@code from} on that the cache does not hold in one contiguous run, or -1 once
     * the run holds {@code maxBytes} from {@code from} on (no recency change): where a read-ahead starts.
     */
    synchronized long firstUncached(PartitionKey partition, long from, long maxBytes) {
        StoredChunk c = holding(partition, from);
        if (c == null) {
            return from;
        }
        NavigableMap<Long, StoredChunk> byBase = partitions.get(partition);
        long held = 0;
        while (true) {
            held += c.bytesFrom(from);
            if (held >= maxBytes) {
                return -1;
            }
            StoredChunk next = byBase.get(c.lastOffset() + 1);
            if (next == null) {
                return c.lastOffset() + 1;
            }
            c = next;
        }
    }

    /** True when the chunk holding {@code offset} is cached (no recency change). */
    synchronized boolean holds(PartitionKey partition, long offset) {
        return holding(partition, offset) != null;
    }

    /** The cached chunk holding {@code offset}, or null (no recency change; callers hold the lock). */
    private StoredChunk holding(PartitionKey partition, long offset) {
        NavigableMap<Long, StoredChunk> byBase = partitions.get(partition);
        Map.Entry<Long, StoredChunk> e = byBase == null ? null : byBase.floorEntry(offset);
        return e != null && e.getValue().lastOffset() >= offset ? e.getValue() : null;
    }

    /** Drops the partition's chunks wholly below {@code logStart} (retention, DeleteRecords): they are never read again. */
    synchronized void evictBelow(PartitionKey partition, long logStart) {
        NavigableMap<Long, StoredChunk> byBase = partitions.get(partition);
        if (byBase == null) {
            return;
        }
        for (Iterator<StoredChunk> it = byBase.headMap(logStart, false).values().iterator(); it.hasNext();) {
            StoredChunk c = it.next();
            if (c.lastOffset() < logStart) {
                it.remove();
                forgetRecency(partition, c);
            }
        }
        if (byBase.isEmpty()) {
            partitions.remove(partition);
        }
    }

    /** Drops every chunk of a topic (deleted here or by another broker). */
    synchronized void evictTopic(long topicId) {
        for (Iterator<Map.Entry<PartitionKey, NavigableMap<Long, StoredChunk>>> it = partitions.entrySet().iterator(); it.hasNext();) {
            Map.Entry<PartitionKey, NavigableMap<Long, StoredChunk>> e = it.next();
            if (e.getKey().topicId() == topicId) {
                e.getValue().values().forEach(c -> forgetRecency(e.getKey(), c));
                it.remove();
            }
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int chunkCount() {
        return recency.size();
    }

    private void evictOverBudget() {
        Iterator<Map.Entry<ChunkKey, StoredChunk>> oldest = recency.entrySet().iterator();
        while (bytes > budgetBytes && oldest.hasNext()) {
            Map.Entry<ChunkKey, StoredChunk> e = oldest.next();
            oldest.remove();
            bytes -= e.getValue().payload().length;
            PartitionKey partition = e.getKey().partition();
            NavigableMap<Long, StoredChunk> byBase = partitions.get(partition);
            byBase.remove(e.getKey().baseOffset());
            if (byBase.isEmpty()) {
                partitions.remove(partition);
            }
        }
    }

    private void forgetRecency(PartitionKey partition, StoredChunk c) {
        recency.remove(new ChunkKey(partition, c.baseOffset()));
        bytes -= c.payload().length;
    }
}
