package io.kafkaclone.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.core.TopicNames;

/**
 * Writes one snapshot into a folder. The cut is taken first: committed offsets, then every
 * partition's log end offset. Records below a log end are committed and never change, so
 * exporting each partition up to its recorded end gives a consistent point-in-time copy however
 * long the export takes and whatever the database's isolation level; reading offsets before log
 * ends keeps every exported committed offset at or below its partition's exported end.
 * Partition files are streamed a read chunk at a time, so memory stays bounded for any topic size.
 */
final class SnapshotWriter {
    static final String PARTITION_FORMAT = "kafka-clone-snapshot-partition/1";
    private static final int READ_BYTES = 1024 * 1024;

    private final Broker broker;
    private final ObjectMapper mapper;

    SnapshotWriter(Broker broker, ObjectMapper mapper) {
        this.broker = broker;
        this.mapper = mapper;
    }

    private record Cut(PartitionLog log, long start, long end) {
    }

    Manifest write(Path folder, String id, String brokerVersion) throws IOException {
        long createdAt = System.currentTimeMillis();
        List<Manifest.GroupEntry> groups = new ArrayList<>();
        for (String g : broker.groupNames()) {
            List<Manifest.OffsetEntry> offsets = new ArrayList<>();
            for (Storage.CommittedOffset c : broker.committedOffsets(g)) {
                offsets.add(new Manifest.OffsetEntry(c.topic(), c.partition(), c.offset(), c.metadata(), c.commitTime()));
            }
            if (!offsets.isEmpty()) {
                groups.add(new Manifest.GroupEntry(g, offsets));
            }
        }
        List<TopicLog> topics = broker.topics();
        List<List<Cut>> cuts = new ArrayList<>();
        for (TopicLog t : topics) {
            List<Cut> parts = new ArrayList<>();
            for (PartitionLog p : t.partitions()) {
                parts.add(new Cut(p, p.logStartOffset(), p.logEndOffset()));
            }
            cuts.add(parts);
        }

        List<Manifest.TopicEntry> topicEntries = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < topics.size(); i++) {
            TopicLog t = topics.get(i);
            // the name becomes a folder name: only Kafka-legal names (no separators, not . or ..)
            Path topicDir = folder.resolve("topics").resolve(TopicNames.require(t.name()));
            Files.createDirectories(topicDir);
            List<Manifest.PartitionEntry> parts = new ArrayList<>();
            long topicTotal = 0;
            for (Cut c : cuts.get(i)) {
                String file = "topics/" + t.name() + "/partition-" + c.log().partition() + ".json";
                long n = writePartition(folder.resolve(file), c);
                parts.add(new Manifest.PartitionEntry(c.log().partition(), c.start(), c.end(), n, file));
                topicTotal += n;
            }
            topicEntries.add(new Manifest.TopicEntry(t.name(), t.topicId(), t.partitionCount(), topicTotal, parts));
            total += topicTotal;
        }
        Manifest m = new Manifest(Manifest.FORMAT, id, createdAt, Instant.ofEpochMilli(createdAt).toString(), brokerVersion, total,
                topicEntries, groups);
        Path manifest = folder.resolve(SnapshotStore.MANIFEST);
        try (OutputStream out = Files.newOutputStream(manifest)) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(out, m);
        }
        sync(manifest);
        return m;
    }

    private long writePartition(Path file, Cut cut) throws IOException {
        PartitionLog p = cut.log();
        long count = 0;
        try (JsonGenerator g = mapper.getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format", PARTITION_FORMAT);
            g.writeStringField("topic", p.topic().name());
            g.writeNumberField("partition", p.partition());
            g.writeNumberField("logStartOffset", cut.start());
            g.writeNumberField("logEndOffset", cut.end());
            g.writeArrayFieldStart("records");
            long next = cut.start();
            while (next < cut.end()) {
                List<StoredRecord> records = broker.readRecords(p, next, READ_BYTES);
                if (records.isEmpty()) {
                    throw new SnapshotException(SnapshotException.Reason.SNAPSHOT_FAILED, "partition " + p.topicPartition()
                            + " returned no records at offset " + next + " below its end " + cut.end() + " (deleted during the snapshot?)");
                }
                for (StoredRecord r : records) {
                    if (r.offset() >= cut.end()) {
                        break;
                    }
                    g.writeRaw('\n');
                    g.writeObject(SnapshotRecord.of(r));
                    count++;
                }
                next = Math.max(next, records.get(records.size() - 1).offset() + 1);
            }
            g.writeRaw('\n');
            g.writeEndArray();
            g.writeNumberField("messages", count);
            g.writeEndObject();
        }
        sync(file);
        return count;
    }

    static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
