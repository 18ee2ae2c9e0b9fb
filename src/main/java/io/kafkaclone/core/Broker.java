package io.kafkaclone.core;

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

    private record OffsetKey(String group, TopicPartition tp) {
    }

    public Broker(Storage storage, BrokerSettings settings) {
        this(storage, settings, System::currentTimeMillis);
    }

    public Broker(Storage storage, BrokerSettings settings, LongSupplier clock) {
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
        for (Storage.StoredTopic t : storage.loadTopics()) {
            topics.put(t.name(), new TopicLog(t));
        }
        for (Storage.CommittedOffset c : storage.allCommittedOffsets()) {
            committed.put(new OffsetKey(c.group(), new TopicPartition(c.topic(), c.partition())), c);
        }
        this.writer = new GroupCommitWriter(storage, settings, clock, this::offsetCommitted);
    }

    public BrokerSettings settings() {
        return settings;
    }

    public ConsumerGroups groups() {
        return groups;
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
        TopicNames.require(name);
        if (partitions < 1 || partitions > 10_000) {
            throw new BrokerException(ErrorCode.INVALID_PARTITIONS, "partitions must be between 1 and 10000, got " + partitions);
        }
        synchronized (topics) {
            if (topics.containsKey(name)) {
                throw new BrokerException(ErrorCode.TOPIC_EXISTS, "topic '" + name + "' already exists");
            }
            TopicLog t = new TopicLog(storage.createTopic(name, UUID.randomUUID(), partitions, clock.getAsLong()));
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
            t.markDeleted();
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
        for (Record r : records) {
            if (r.sizeInBytes() > settings.maxMessageBytes()) {
                f.completeExceptionally(new BrokerException(ErrorCode.MESSAGE_TOO_LARGE,
                        "record of " + r.sizeInBytes() + " bytes exceeds the limit of " + settings.maxMessageBytes()));
                return f;
            }
        }
        return writer.submit(new GroupCommitWriter.Append(partition, List.copyOf(records), null, records.size(), f), f);
    }

    /** Bytes of batch headers allowed on top of max-message-bytes in {@link #appendBatches}. */
    public static final int APPEND_SLACK_BYTES = 1024;

    /**
     * Appends already-encoded v2 record batches (validated by the caller) whose offsets start at 0;
     * they are stored byte for byte apart from the base offset.
     */
    public CompletableFuture<AppendResult> appendBatches(PartitionLog partition, byte[] batches, int recordCount) {
        CompletableFuture<AppendResult> f = new CompletableFuture<>();
        if (batches.length > settings.maxMessageBytes() + APPEND_SLACK_BYTES) {
            f.completeExceptionally(new BrokerException(ErrorCode.MESSAGE_TOO_LARGE,
                    "batch of " + batches.length + " bytes exceeds the limit of " + settings.maxMessageBytes()));
            return f;
        }
        return writer.submit(new GroupCommitWriter.Append(partition, null, batches, recordCount, f), f);
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
        writer.submit(new GroupCommitWriter.Append(partition, null, batches, span, f), f);
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
        if (fromOffset >= partition.logEndOffset()) {
            return List.of();
        }
        return storage.readChunks(partition.topic().storageId(), partition.partition(), fromOffset, maxBytes);
    }

    /** Decoded records from {@code fromOffset} on, at most about maxBytes worth of stored chunks. Blocking. */
    public List<StoredRecord> readRecords(PartitionLog partition, long fromOffset, int maxBytes) {
        List<StoredRecord> out = new ArrayList<>();
        for (StoredChunk c : read(partition, fromOffset, maxBytes)) {
            out.addAll(RecordBatches.decode(c, fromOffset));
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

    /** Transactions committed so far (for metrics and benchmarks). */
    public long commitCount() {
        return writer.transactions();
    }

    public int queuedWrites() {
        return writer.queued();
    }

    public Collection<TopicLog> topicsView() {
        return topics.values();
    }

    /** Stops accepting writes, commits what is queued, and wakes every waiting reader. */
    @Override
    public void close() {
        writer.close();
        topics.values().forEach(t -> t.partitions().forEach(PartitionLog::wakeAll));
    }
}
