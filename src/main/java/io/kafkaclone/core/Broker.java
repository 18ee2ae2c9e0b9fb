package io.kafkaclone.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.apache.kafka.common.utils.Utils;

/**
 * The broker's protocol-free core: topics, the partitioned log, committed offsets and group
 * membership. Every door (line protocol, Kafka protocol, REST, snapshots) goes through here.
 * Blocking methods (topic admin, reads) must be called off event loops; appends and commits
 * return futures that complete on the writer thread after the transaction committed.
 */
public final class Broker implements AutoCloseable {
    private final Storage storage;
    private final BrokerSettings settings;
    private final LongSupplier clock;
    private final Map<String, TopicLog> topics = new ConcurrentHashMap<>();
    private final Map<OffsetKey, Storage.CommittedOffset> committed = new ConcurrentHashMap<>();
    private final ConsumerGroups groups = new ConsumerGroups();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final GroupCommitWriter writer;
    private final RetentionSettings retention;
    private final TopicConfigs configs;
    private final RetentionCleaner cleaner;
    private final ChunkCache cache;
    private final ChunkReader reader;
    private volatile boolean closed;

    private record OffsetKey(String group, TopicPartition tp) {
    }

    public Broker(Storage storage, BrokerSettings settings) {
        this(storage, settings, System::currentTimeMillis);
    }

    public Broker(Storage storage, BrokerSettings settings, LongSupplier clock) {
        this(storage, settings, RetentionSettings.defaults(), clock);
    }

    public Broker(Storage storage, BrokerSettings settings, RetentionSettings retention, LongSupplier clock) {
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
        this.retention = retention;
        this.configs = new TopicConfigs(storage, retention, settings.maxMessageBytes());
        this.cleaner = new RetentionCleaner(this, storage, configs, clock);
        for (Storage.StoredTopic t : storage.loadTopics()) {
            topics.put(t.name(), new TopicLog(t));
        }
        for (Storage.CommittedOffset c : storage.allCommittedOffsets()) {
            committed.put(new OffsetKey(c.group(), new TopicPartition(c.topic(), c.partition())), c);
        }
        this.cache = new ChunkCache(settings.cacheBytes());
        this.reader = new ChunkReader(storage, cache);
        this.writer = new GroupCommitWriter(storage, settings, clock, this::offsetCommitted, reader::committed);
    }

    public BrokerSettings settings() {
        return settings;
    }

    public ConsumerGroups groups() {
        return groups;
    }

    public RetentionSettings retentionSettings() {
        return retention;
    }

    /** Per-topic settings (retention.ms, retention.bytes, max.message.bytes) and their defaults. */
    public TopicConfigs topicConfigs() {
        return configs;
    }

    /** True once {@link #close()} began: background work (retention) stops. */
    public boolean isClosed() {
        return closed;
    }

    /** The background job deleting what retention no longer keeps; run by the application's scheduler. */
    public RetentionCleaner retention() {
        return cleaner;
    }

    // ---------------------------------------------------------------- topics

    public Optional<TopicLog> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    /** @throws BrokerException UNKNOWN_TOPIC */
    public TopicLog requireTopic(String name) {
        TopicLog t = topics.get(name);
        if (t == null) {
            throw new BrokerException(ErrorCode.UNKNOWN_TOPIC, "topic '" + name + "' does not exist");
        }
        return t;
    }

    /** The topic, created with the default partition count when it is missing and auto-create is on. */
    public TopicLog topicForUse(String name) {
        TopicNames.require(name);
        TopicLog t = topics.get(name);
        if (t != null) {
            return t;
        }
        if (!settings.autoCreateTopics()) {
            throw new BrokerException(ErrorCode.UNKNOWN_TOPIC, "topic '" + name + "' does not exist and auto-create is off");
        }
        try {
            return createTopic(name, settings.defaultPartitions());
        } catch (BrokerException e) {
            if (e.code() == ErrorCode.TOPIC_EXISTS && topics.get(name) != null) {
                return topics.get(name); // created concurrently by someone else
            }
            throw e;
        }
    }

    public List<TopicLog> topics() {
        List<TopicLog> list = new ArrayList<>(topics.values());
        list.sort(Comparator.comparing(TopicLog::name));
        return list;
    }

    public TopicLog createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with configuration overrides (Kafka names, e.g. retention.ms), all validated first.
     *
     * @throws BrokerException INVALID_CONFIG, INVALID_TOPIC, INVALID_PARTITIONS, TOPIC_EXISTS
     */
    public TopicLog createTopic(String name, int partitions, Map<String, String> topicConfigs) {
        Map<String, String> validated = TopicConfigs.validateAll(topicConfigs);
        TopicLog created = createTopicRow(name, partitions);
        try {
            configs.created(created, validated);
        } catch (RuntimeException e) {
            // no half-made topic: one that lacks the retention it was asked for could lose data or keep too much
            deleteTopic(name);
            throw e;
        }
        return created;
    }

    private TopicLog createTopicRow(String name, int partitions) {
        TopicNames.require(name);
        if (partitions < 1 || partitions > 10_000) {
            throw new BrokerException(ErrorCode.INVALID_PARTITIONS, "partitions must be between 1 and 10000, got " + partitions);
        }
        synchronized (topics) {
            if (topics.containsKey(name)) {
                throw new BrokerException(ErrorCode.TOPIC_EXISTS, "topic '" + name + "' already exists");
            }
            TopicLog t;
            try {
                t = new TopicLog(storage.createTopic(name, UUID.randomUUID(), partitions, clock.getAsLong()));
            } catch (BrokerException e) {
                if (e.code() == ErrorCode.TOPIC_EXISTS) {
                    // another broker on the same database created it first: learn it, so auto-create can use it
                    refreshTopicsFromStorage();
                }
                throw e;
            }
            topics.put(name, t);
            return t;
        }
    }

    public void deleteTopic(String name) {
        synchronized (topics) {
            TopicLog t = requireTopic(name);
            storage.deleteTopic(t.storageId(), name);
            topics.remove(name);
            committed.keySet().removeIf(k -> k.tp().topic().equals(name));
            configs.forget(t);
            t.markDeleted();
            cache.evictTopic(t.storageId());
        }
    }

    // ---------------------------------------------------------------- log

    /** Picks a partition the way Kafka's default partitioner does: murmur2 of the key, else round robin. */
    public int choosePartition(TopicLog topic, byte[] key) {
        int n = topic.partitionCount();
        if (key != null) {
            return Utils.toPositive(Utils.murmur2(key)) % n;
        }
        return Utils.toPositive(roundRobin.getAndIncrement()) % n;
    }

    /** Appends records to one partition; completes after the transaction holding them committed. */
    public CompletableFuture<AppendResult> append(PartitionLog partition, List<Record> records) {
        CompletableFuture<AppendResult> f = new CompletableFuture<>();
        if (records.isEmpty()) {
            f.completeExceptionally(new BrokerException(ErrorCode.INVALID_RECORD, "no records to append"));
            return f;
        }
        int limit = configs.maxMessageBytes(partition.topic());
        for (Record r : records) {
            if (r.sizeInBytes() > limit) {
                f.completeExceptionally(new BrokerException(ErrorCode.MESSAGE_TOO_LARGE,
                        "record of " + r.sizeInBytes() + " bytes exceeds the limit of " + limit));
                return f;
            }
        }
        return writer.submit(new GroupCommitWriter.Append(partition, List.copyOf(records), null, records.size(), f), f);
    }

    /** Bytes of batch headers allowed on top of max-message-bytes in {@link #appendBatches}. */
    public static final int APPEND_SLACK_BYTES = 1024;

    /**
     * Appends already-encoded v2 record batches (validated by the caller) whose offsets start at 0:
     * the bytes from the buffer's position to its limit, stored byte for byte apart from the base offset.
     * The buffer is read when the group commit lays out its rows, later: the caller must not change it.
     */
    public CompletableFuture<AppendResult> appendBatches(PartitionLog partition, ByteBuffer batches, int recordCount) {
        CompletableFuture<AppendResult> f = new CompletableFuture<>();
        int limit = configs.maxMessageBytes(partition.topic());
        if (batches.remaining() > limit + APPEND_SLACK_BYTES) {
            f.completeExceptionally(new BrokerException(ErrorCode.MESSAGE_TOO_LARGE,
                    "batch of " + batches.remaining() + " bytes exceeds the limit of " + limit));
            return f;
        }
        return writer.submit(new GroupCommitWriter.Append(partition, null, batches.slice(), recordCount, f), f);
    }

    /**
     * Writes records back at the offsets they had (snapshot import): offsets must increase and start
     * at or after the partition's log end; gaps between them stay gaps. Meant for a partition nobody
     * else writes to meanwhile: the result fails when another append took the offsets first.
     */
    public CompletableFuture<AppendResult> restore(PartitionLog partition, List<StoredRecord> records) {
        CompletableFuture<AppendResult> f = new CompletableFuture<>();
        long origin = partition.logEndOffset();
        long previous = origin - 1;
        for (StoredRecord r : records) {
            if (r.offset() <= previous) {
                f.completeExceptionally(new BrokerException(ErrorCode.INVALID_RECORD,
                        "restored offsets must increase and start at or after " + origin + ", got " + r.offset() + " after " + previous));
                return f;
            }
            previous = r.offset();
        }
        if (records.isEmpty() || previous - origin >= Integer.MAX_VALUE) {
            f.completeExceptionally(new BrokerException(ErrorCode.INVALID_RECORD, "no records to restore, or offset range too wide"));
            return f;
        }
        int span = (int) (previous - origin + 1);
        byte[] batches = RecordBatches.encodeAt(records, origin);
        writer.submit(new GroupCommitWriter.Append(partition, null, ByteBuffer.wrap(batches), span, f), f);
        return f.thenApply(result -> {
            if (result.baseOffset() != origin) {
                throw new BrokerException(ErrorCode.STORAGE_ERROR, "partition " + partition.topicPartition()
                        + " was appended to during the restore; offsets moved from " + origin + " to " + result.baseOffset());
            }
            return result;
        });
    }

    /** Stored chunks from {@code fromOffset} on, up to about maxBytes (at least one chunk when any exists). Blocking. */
    public List<StoredChunk> read(PartitionLog partition, long fromOffset, int maxBytes) {
        // below the log start nothing is readable, even where a chunk straddling it is still stored
        long from = Math.max(fromOffset, partition.logStartOffset());
        if (from >= partition.logEndOffset()) {
            return List.of();
        }
        return reader.read(partition, from, maxBytes);
    }

    /**
     * Like {@link #read} but only from memory, never blocking: the chunks the cache holds from
     * {@code fromOffset} on (a read-ahead of what follows is started, as for a read), an empty list
     * when there is nothing to read, or null when the cache does not hold the offset.
     */
    public List<StoredChunk> readCached(PartitionLog partition, long fromOffset, int maxBytes) {
        long from = Math.max(fromOffset, partition.logStartOffset());
        if (from >= partition.logEndOffset()) {
            return List.of();
        }
        return reader.cached(partition, from, maxBytes);
    }

    /** Decoded records from {@code fromOffset} on, at most about maxBytes worth of stored chunks. Blocking. */
    public List<StoredRecord> readRecords(PartitionLog partition, long fromOffset, int maxBytes) {
        List<StoredRecord> out = new ArrayList<>();
        long from = Math.max(fromOffset, partition.logStartOffset());
        for (StoredChunk c : read(partition, from, maxBytes)) {
            out.addAll(RecordBatches.decode(c, from));
        }
        return out;
    }

    /** Offset of the first record whose timestamp is at or after {@code timestamp}, or empty. Blocking. */
    public OptionalLong offsetForTimestamp(PartitionLog partition, long timestamp) {
        StoredChunk c = storage.firstChunkAtOrAfter(partition.topic().storageId(), partition.partition(), timestamp);
        if (c == null) {
            return OptionalLong.empty();
        }
        for (StoredRecord r : RecordBatches.decode(c, partition.logStartOffset())) {
            if (r.timestamp() >= timestamp) {
                return OptionalLong.of(r.offset());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * DeleteRecords: moves the partition's log start to {@code offset} (-1: the log end) and deletes the
     * stored chunks wholly below it, in short transactions on the writer. Records below the new start in
     * a chunk that straddles it stay stored but are never read again. Completes with the new log start.
     *
     * @throws BrokerException OFFSET_OUT_OF_RANGE (in the future) when offset is past the log end or below -1
     */
    public CompletableFuture<Long> deleteRecordsBefore(PartitionLog partition, long offset) {
        long end = partition.logEndOffset();
        long target = offset == -1 ? end : offset;
        if (target < 0 || target > end) {
            return CompletableFuture.failedFuture(new BrokerException(ErrorCode.OFFSET_OUT_OF_RANGE, "offset " + offset
                    + " is outside " + partition.topicPartition() + "'s range " + partition.logStartOffset() + ".." + end));
        }
        return trimFully(partition, target).thenApply(r -> partition.logStartOffset());
    }

    /** Raises the log start to {@code newStart} and deletes every chunk below it, one bounded transaction at a time. */
    CompletableFuture<Storage.TrimResult> trimFully(PartitionLog partition, long newStart) {
        CompletableFuture<Storage.TrimResult> f = new CompletableFuture<>();
        writer.submit(new GroupCommitWriter.TrimLog(partition, newStart, retention.deleteChunksPerTransaction(), f), f);
        return f.thenApply(r -> {
            cache.evictBelow(ChunkCache.PartitionKey.of(partition), partition.logStartOffset());
            return r;
        }).thenCompose(r -> r.moreToDelete() ? trimFully(partition, newStart).thenApply(rest -> sum(r, rest))
                : CompletableFuture.completedFuture(r));
    }

    private static Storage.TrimResult sum(Storage.TrimResult a, Storage.TrimResult b) {
        return new Storage.TrimResult(b.logStartOffset(), a.chunksDeleted() + b.chunksDeleted(), a.bytesDeleted() + b.bytesDeleted(),
                b.moreToDelete());
    }

    public long sizeInBytes(PartitionLog partition) {
        return storage.sizeInBytes(partition.topic().storageId(), partition.partition());
    }

    // ---------------------------------------------------------------- offsets

    /**
     * Commits a group's next position; with onlyForward (line-protocol acks) a position below the
     * committed one changes nothing. Completes after the commit is durable.
     */
    public CompletableFuture<Void> commitOffset(String group, TopicPartition tp, long offset, String metadata, boolean onlyForward) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        return writer.submit(new GroupCommitWriter.OffsetCommit(group, tp, offset, metadata, onlyForward, f), f);
    }

    public OptionalLong committedOffset(String group, TopicPartition tp) {
        Storage.CommittedOffset c = committed.get(new OffsetKey(group, tp));
        return c == null ? OptionalLong.empty() : OptionalLong.of(c.offset());
    }

    public Optional<Storage.CommittedOffset> committed(String group, TopicPartition tp) {
        return Optional.ofNullable(committed.get(new OffsetKey(group, tp)));
    }

    /** Every committed offset of a group. */
    public List<Storage.CommittedOffset> committedOffsets(String group) {
        List<Storage.CommittedOffset> out = new ArrayList<>();
        for (Storage.CommittedOffset c : committed.values()) {
            if (c.group().equals(group)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(Storage.CommittedOffset::topic).thenComparingInt(Storage.CommittedOffset::partition));
        return out;
    }

    /** Names of every group that has committed offsets or live members. */
    public List<String> groupNames() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(groups.activeGroups());
        committed.keySet().forEach(k -> names.add(k.group()));
        return new ArrayList<>(names);
    }

    private void offsetCommitted(String group, TopicPartition tp, long offset, String metadata, long time, boolean onlyForward) {
        committed.compute(new OffsetKey(group, tp), (k, old) -> {
            if (onlyForward && old != null && old.offset() >= offset) {
                return old;
            }
            return new Storage.CommittedOffset(group, tp.topic(), tp.partition(), offset, metadata, time);
        });
    }

    // ---------------------------------------------------------------- cluster (several brokers, one database)

    /**
     * Re-reads topics and partition offsets from storage: topics another broker created appear,
     * deleted ones disappear (their readers wake up), partition ends move forward. Blocking.
     */
    public void refreshTopicsFromStorage() {
        synchronized (topics) {
            java.util.Set<String> stored = new java.util.HashSet<>();
            for (Storage.StoredTopic s : storage.loadTopics()) {
                stored.add(s.name());
                TopicLog local = topics.get(s.name());
                if (local == null || local.storageId() != s.id()) {
                    if (local != null) {
                        forget(local); // deleted and created again elsewhere
                    }
                    topics.put(s.name(), new TopicLog(s));
                    continue;
                }
                for (Storage.StoredPartition p : s.partitionStates()) {
                    if (p.partition() < local.partitionCount()) {
                        moveOffsets(local.partition(p.partition()), p.logStartOffset(), p.nextOffset());
                    }
                }
            }
            for (TopicLog t : new ArrayList<>(topics.values())) {
                if (!stored.contains(t.name())) {
                    forget(t);
                }
            }
        }
    }

    private void forget(TopicLog t) {
        topics.remove(t.name(), t);
        committed.keySet().removeIf(k -> k.tp().topic().equals(t.name()));
        t.markDeleted();
        cache.evictTopic(t.storageId());
    }

    private void moveOffsets(PartitionLog log, long logStart, long nextOffset) {
        if (logStart > log.logStartOffset()) {
            log.setLogStartOffset(logStart);
            cache.evictBelow(ChunkCache.PartitionKey.of(log), logStart);
        }
        log.advanceTo(nextOffset); // forward only, and wakes readers waiting on this partition
    }

    /** Another broker committed records up to {@code nextOffset} (exclusive) to a partition; wakes readers here. */
    public void appendedElsewhere(long topicStorageId, int partition, long nextOffset) {
        for (TopicLog t : topics.values()) {
            if (t.storageId() == topicStorageId) {
                if (partition >= 0 && partition < t.partitionCount()) {
                    t.partition(partition).advanceTo(nextOffset);
                }
                return;
            }
        }
        refreshTopicsFromStorage(); // a topic this broker has not heard of yet
    }

    /** Another broker stored a committed offset (the value now in storage). */
    public void committedElsewhere(Storage.CommittedOffset c) {
        committed.put(new OffsetKey(c.group(), new TopicPartition(c.topic(), c.partition())), c);
    }

    /** Replaces every cached committed offset with what storage holds. Blocking. */
    public void reloadCommittedOffsets() {
        Map<OffsetKey, Storage.CommittedOffset> fresh = new java.util.HashMap<>();
        for (Storage.CommittedOffset c : storage.allCommittedOffsets()) {
            fresh.put(new OffsetKey(c.group(), new TopicPartition(c.topic(), c.partition())), c);
        }
        committed.keySet().retainAll(fresh.keySet());
        committed.putAll(fresh);
    }

    /**
     * Brings one partition's offsets up to what storage holds now, for a reader asking past the end
     * this broker knows: another broker may have appended and its notification not arrived yet. Blocking.
     */
    public void catchUp(PartitionLog log) {
        Storage.StoredPartition p = storage.loadPartition(log.topic().storageId(), log.partition());
        if (p != null) {
            moveOffsets(log, p.logStartOffset(), p.nextOffset());
        }
    }

    /** Transactions committed so far (for metrics and benchmarks). */
    public long commitCount() {
        return writer.transactions();
    }

    public int queuedWrites() {
        return writer.queued();
    }

    /** How reads fared in the chunk cache (for metrics). */
    public ChunkCacheStats chunkCacheStats() {
        return reader.stats();
    }

    public Collection<TopicLog> topicsView() {
        return topics.values();
    }

    /** Stops accepting writes, commits what is queued, and wakes every waiting reader. */
    @Override
    public void close() {
        closed = true;
        writer.close();
        reader.close();
        topics.values().forEach(t -> t.partitions().forEach(PartitionLog::wakeAll));
    }
}
