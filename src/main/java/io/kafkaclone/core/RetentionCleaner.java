package io.kafkaclone.core;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * Deletes what retention no longer keeps, whole stored chunks at a time, oldest first:
 * <ul>
 * <li>retention.ms: chunks whose newest record timestamp is older than now minus retention.ms, up to the
 * first chunk that is not (Kafka's rule for segments: timestamps are the producers' create times);</li>
 * <li>retention.bytes: the oldest chunks while the partition stays at or above retention.bytes without
 * them (Kafka's rule, so a partition ends between retention.bytes and that plus its oldest chunk).</li>
 * </ul>
 * The newest chunk of a partition always stays (the active tail). The log start moves to the first
 * offset after what was deleted; the work itself runs on the broker's writer
 * ({@link Broker#trimFully}), in transactions of a bounded number of rows.
 */
public final class RetentionCleaner {
    private static final System.Logger LOG = System.getLogger(RetentionCleaner.class.getName());
    /** Chunk metadata rows read per query while walking a partition from its oldest chunk. */
    private static final int PAGE = 256;

    /** What one pass deleted. */
    public record Pass(int partitionsTrimmed, long chunksDeleted, long bytesDeleted) {
    }

    private final Broker broker;
    private final Storage storage;
    private final TopicConfigs configs;
    private final LongSupplier clock;

    RetentionCleaner(Broker broker, Storage storage, TopicConfigs configs, LongSupplier clock) {
        this.broker = broker;
        this.storage = storage;
        this.configs = configs;
        this.clock = clock;
    }

    /** One pass over every partition. Blocking: call it from a scheduler thread, never an event loop. */
    public synchronized Pass runOnce() {
        long now = clock.getAsLong();
        int trimmed = 0;
        long chunks = 0;
        long bytes = 0;
        for (TopicLog topic : broker.topics()) {
            long retentionMs = configs.retentionMs(topic);
            long retentionBytes = configs.retentionBytes(topic);
            // now - retention.ms, or no time limit (also when the subtraction would overflow)
            long cutoff = retentionMs < 0 || retentionMs > now ? Long.MIN_VALUE : now - retentionMs;
            for (PartitionLog p : topic.partitions()) {
                if (broker.isClosed()) {
                    return new Pass(trimmed, chunks, bytes); // stopping: the database may already be closing
                }
                if (topic.isDeleted()) {
                    break;
                }
                try {
                    long target = target(p, cutoff, retentionBytes);
                    if (target < 0) {
                        continue;
                    }
                    Storage.TrimResult r = broker.trimFully(p, target).get();
                    if (r.chunksDeleted() > 0) {
                        trimmed++;
                        chunks += r.chunksDeleted();
                        bytes += r.bytesDeleted();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Pass(trimmed, chunks, bytes);
                } catch (ExecutionException | RuntimeException e) {
                    // e.g. the topic was deleted meanwhile, or the broker is stopping: the next pass tries again
                    LOG.log(System.Logger.Level.WARNING, "retention of " + p.topicPartition() + " failed: " + e.getMessage());
                }
            }
        }
        if (chunks > 0) {
            LOG.log(System.Logger.Level.INFO, "retention deleted " + chunks + " stored chunks (" + bytes + " bytes) from " + trimmed
                    + " partitions");
        }
        return new Pass(trimmed, chunks, bytes);
    }

    /**
     * The log start the partition should have, or -1 when there is nothing to do (no expired or excess
     * chunk, and no chunk left below the current start by an interrupted trim).
     */
    private long target(PartitionLog p, long cutoff, long retentionBytes) {
        long start = p.logStartOffset();
        long end = p.logEndOffset();
        boolean timeDone = cutoff == Long.MIN_VALUE;
        boolean sizeDone = retentionBytes < 0;
        long size = sizeDone ? 0 : broker.sizeInBytes(p);
        boolean leftovers = false;
        long target = start;
        long from = 0;
        walk:
        while (true) {
            List<Storage.ChunkInfo> page = storage.chunkInfos(p.topic().storageId(), p.partition(), from, PAGE);
            for (Storage.ChunkInfo c : page) {
                from = c.lastOffset() + 1;
                if (c.lastOffset() < start) {
                    leftovers = true; // below the start already, only its row is left to delete
                    size -= c.sizeBytes();
                    continue;
                }
                if (c.lastOffset() + 1 >= end || (timeDone && sizeDone)) {
                    break walk; // the active tail stays
                }
                boolean expired = !timeDone && c.maxTimestamp() < cutoff;
                boolean excess = !sizeDone && size - c.sizeBytes() >= retentionBytes;
                timeDone |= !expired;
                sizeDone |= !excess;
                if (!expired && !excess) {
                    break walk;
                }
                target = c.lastOffset() + 1;
                size -= c.sizeBytes();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return target > start || leftovers ? target : -1;
    }
}
